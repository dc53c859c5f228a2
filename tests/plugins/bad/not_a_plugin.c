/* An ordinary shared library that happens to sit in a plugin directory. */
#include <docpipe/plugin.h>

DOCPIPE_EXPORT int some_function(int x);
int some_function(int x) { return x + 1; }
