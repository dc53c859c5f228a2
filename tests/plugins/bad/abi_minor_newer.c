/* A library that needs a newer ABI minor than the host has. */
#include <docpipe/plugin.h>
#include <stdlib.h>

DOCPIPE_EXTERN_C DOCPIPE_EXPORT const dp_abi_tag docpipe_plugin_abi = {
    DOCPIPE_ABI_MAGIC, DOCPIPE_ABI_MAJOR, DOCPIPE_ABI_MINOR + 1, "9.9.9"};
DOCPIPE_EXPORT const dp_plugin_list* docpipe_plugin_entry_v1(const dp_host_api* host);
const dp_plugin_list* docpipe_plugin_entry_v1(const dp_host_api* host) {
  (void)host;
  abort(); /* never called: the tag is read first */
}
