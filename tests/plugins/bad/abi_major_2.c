/* A library built for a future plugin ABI 2.0: the host must refuse it
 * without calling any of its code. */
#include <docpipe/plugin.h>
#include <stdlib.h>

DOCPIPE_EXTERN_C DOCPIPE_EXPORT const dp_abi_tag docpipe_plugin_abi = {DOCPIPE_ABI_MAGIC, 2, 0, "2.0.0"};
DOCPIPE_EXPORT const dp_plugin_list* docpipe_plugin_entry_v2(const dp_host_api* host);
const dp_plugin_list* docpipe_plugin_entry_v2(const dp_host_api* host) {
  (void)host;
  abort(); /* never called by an ABI 1 host */
}
