/* A library as an ABI 1.0 SDK built it: its descriptors end at finish(), so
 * they are smaller than this host's dp_plugin, and the table's stride is
 * theirs. The host must load both plugins and see no checkpoint(). */
#include <docpipe/plugin.h>
#include <stddef.h>

/* dp_plugin as ABI 1.0 defined it. */
typedef struct plugin_v1_0 {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  const char* sdk_version;
  const char* id;
  dp_kind kind;
  const char* version;
  const char* license;
  const char* description;
  const dp_param_spec* params;
  size_t param_count;
  const char* const* needs;
  const char* const* provides;
  uint32_t flags;
  dp_status (*create)(const dp_host_api*, const dp_instance_info*, void**, dp_message*);
  void (*destroy)(void*);
  dp_status (*next)(void*, dp_document*, dp_message*);
  dp_status (*process)(void*, dp_document*, dp_message*);
  dp_status (*write)(void*, const dp_document*, dp_message*);
  dp_status (*finish)(void*, dp_message*);
} plugin_v1_0;

static int instance;

static dp_status create(const dp_host_api* host, const dp_instance_info* info, void** state, dp_message* msg) {
  (void)host;
  (void)info;
  (void)msg;
  *state = &instance;
  return DP_OK;
}
static void destroy(void* state) { (void)state; }
static dp_status process(void* state, dp_document* doc, dp_message* msg) {
  (void)state;
  (void)doc;
  (void)msg;
  return DP_OK;
}
static dp_status write(void* state, const dp_document* doc, dp_message* msg) {
  (void)state;
  (void)doc;
  (void)msg;
  return DP_OK;
}

static const plugin_v1_0 plugins[] = {
    {sizeof(plugin_v1_0), 1, 0, "0.1.0", "old.pass", DP_KIND_TRANSFORM, "1.0.0", "MIT", "An ABI 1.0 transform",
     NULL, 0, NULL, NULL, 0, create, destroy, NULL, process, NULL, NULL},
    {sizeof(plugin_v1_0), 1, 0, "0.1.0", "old.sink", DP_KIND_SINK, "1.0.0", "MIT", "An ABI 1.0 sink",
     NULL, 0, NULL, NULL, 0, create, destroy, NULL, NULL, write, NULL},
};
static const dp_plugin_list list = {sizeof(dp_plugin_list), 2, (const dp_plugin*)(const void*)plugins};

DOCPIPE_EXTERN_C DOCPIPE_EXPORT const dp_abi_tag docpipe_plugin_abi = {DOCPIPE_ABI_MAGIC, 1, 0, "0.1.0"};
DOCPIPE_EXPORT const dp_plugin_list* docpipe_plugin_entry_v1(const dp_host_api* host);
const dp_plugin_list* docpipe_plugin_entry_v1(const dp_host_api* host) {
  (void)host;
  return &list;
}
