/* A right ABI but a descriptor the host must refuse: an id not of the form
 * category.name, and a source without next(). */
#include <docpipe/plugin.h>

static dp_status create(const dp_host_api* h, const dp_instance_info* i, void** s, dp_message* m) {
  (void)h; (void)i; (void)m;
  *s = 0;
  return DP_OK;
}
static void destroy(void* s) { (void)s; }

static const dp_plugin plugins[] = {
    {.struct_size = sizeof(dp_plugin), .abi_major = DOCPIPE_ABI_MAJOR, .abi_minor = DOCPIPE_ABI_MINOR,
     .id = "NoCategory", .kind = DP_KIND_TRANSFORM, .create = create, .destroy = destroy},
    {.struct_size = sizeof(dp_plugin), .abi_major = DOCPIPE_ABI_MAJOR, .abi_minor = DOCPIPE_ABI_MINOR,
     .id = "bad.source", .kind = DP_KIND_SOURCE, .create = create, .destroy = destroy},
};
static const dp_plugin_list list = {sizeof(dp_plugin_list), 2, plugins};

DOCPIPE_PLUGIN_ENTRY(host) {
  (void)host;
  return &list;
}
