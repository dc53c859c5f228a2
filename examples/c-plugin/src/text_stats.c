/* text.stats: adds size statistics of the text to a document's metadata.
 * Written against plugin.h alone, in C11, to show the ABI without the C++
 * layer: a static descriptor table, callbacks that return a dp_status, and
 * every host service reached through the dp_host_api table. */
#include <docpipe/plugin.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_count.h"

enum stats_key { KEY_CHARS, KEY_WORDS, KEY_LINES, KEY_CJK_RATIO, KEY_COUNT };

static const char* const key_names[KEY_COUNT] = {"chars", "words", "lines", "cjk_ratio"};

typedef struct stats_state {
  const dp_host_api* host; /* kept here because process() receives only the state */
  int count_lines;
  char* keys[KEY_COUNT];   /* prefix + key name, built once instead of per document */
  size_t key_sizes[KEY_COUNT];
} stats_state;

static void leave_message(const dp_host_api* host, dp_message* msg, const char* text) {
  if (msg != NULL) host->message_set(msg, text, strlen(text));
}

static void stats_destroy(void* state) {
  stats_state* s = state;
  int k;
  if (s == NULL) return;
  for (k = 0; k < KEY_COUNT; ++k) free(s->keys[k]);
  free(s);
}

/* The host hands out strings as (data, size) views that are not
 * NUL-terminated, so the prefix is copied by length. */
static char* join_key(dp_str prefix, const char* name, size_t* size) {
  size_t prefix_size = prefix.data != NULL ? prefix.size : 0;
  size_t name_size = strlen(name);
  char* key = malloc(prefix_size + name_size + 1);
  if (key == NULL) return NULL;
  if (prefix_size > 0) memcpy(key, prefix.data, prefix_size);
  memcpy(key + prefix_size, name, name_size + 1);
  *size = prefix_size + name_size;
  return key;
}

static dp_status stats_create(const dp_host_api* host, const dp_instance_info* info,
                              void** state, dp_message* msg) {
  /* Every host member used here exists since ABI 1.0, so host->struct_size
   * needs no check; a member added in 1.1 would. */
  stats_state* s = calloc(1, sizeof *s);
  dp_str prefix;
  char line[256];
  int k;
  if (s == NULL) {
    leave_message(host, msg, "text.stats: out of memory");
    return DP_COMPONENT_ERROR;
  }
  s->host = host;
  s->count_lines = host->param_int(info->config, "count_lines") != 0;
  prefix = host->param_string(info->config, "prefix");
  for (k = 0; k < KEY_COUNT; ++k) {
    s->keys[k] = join_key(prefix, key_names[k], &s->key_sizes[k]);
    if (s->keys[k] == NULL) {
      stats_destroy(s);
      leave_message(host, msg, "text.stats: out of memory");
      return DP_COMPONENT_ERROR;
    }
  }
  if (host->log_enabled(info->logger, DP_LOG_DEBUG)) {
    snprintf(line, sizeof line, "adding metadata %s, %s, %s%s%s", s->keys[KEY_CHARS],
             s->keys[KEY_WORDS], s->count_lines ? s->keys[KEY_LINES] : "",
             s->count_lines ? ", " : "", s->keys[KEY_CJK_RATIO]);
    host->log(info->logger, DP_LOG_DEBUG, line, strlen(line));
  }
  *state = s;
  return DP_OK;
}

static dp_status set_number(const stats_state* s, dp_document* doc, enum stats_key key,
                            const char* json, dp_message* msg) {
  char why[160];
  if (s->host->meta_set(doc, s->keys[key], s->key_sizes[key], json, strlen(json), 1) == 0) {
    return DP_OK;
  }
  snprintf(why, sizeof why, "could not set metadata %s to %s", s->keys[key], json);
  leave_message(s->host, msg, why);
  return DP_DOCUMENT_ERROR;
}

static dp_status set_count(const stats_state* s, dp_document* doc, enum stats_key key,
                           uint64_t value, dp_message* msg) {
  char json[24];
  snprintf(json, sizeof json, "%" PRIu64, value);
  return set_number(s, doc, key, json, msg);
}

/* A document without text gets zero counts rather than an error: an empty
 * page is a fact worth recording, and dropping it is a filter's job
 * (filter.length min_chars=1). */
static dp_status stats_process(void* state, dp_document* doc, dp_message* msg) {
  const stats_state* s = state;
  dp_str text = s->host->doc_get(doc, DP_FIELD_TEXT);
  text_counts counts = text_count(text.data, text.data != NULL ? text.size : 0);
  char ratio[16];
  dp_status status;

  if (text_format_ratio(&counts, ratio, sizeof ratio) == 0) {
    leave_message(s->host, msg, "text.stats: could not format cjk_ratio");
    return DP_DOCUMENT_ERROR;
  }
  if ((status = set_count(s, doc, KEY_CHARS, counts.chars, msg)) != DP_OK) return status;
  if ((status = set_count(s, doc, KEY_WORDS, counts.words, msg)) != DP_OK) return status;
  if (s->count_lines && (status = set_count(s, doc, KEY_LINES, counts.lines, msg)) != DP_OK) {
    return status;
  }
  return set_number(s, doc, KEY_CJK_RATIO, ratio, msg);
}

static const dp_param_spec params[] = {
    {"prefix", DP_PARAM_STRING, "", 0,
     "Put before each metadata key, e.g. stats_ gives stats_chars", NULL, NULL, NULL},
    {"count_lines", DP_PARAM_BOOL, "true", 0, "Add the lines key", NULL, NULL, NULL},
};

static const char* const needs[] = {"text", NULL};
/* Declared under the default key names; a prefix renames the keys. */
static const char* const provides[] = {"metadata:chars", "metadata:words", "metadata:lines",
                                       "metadata:cjk_ratio", NULL};

static const dp_plugin plugins[] = {{
    .struct_size = sizeof(dp_plugin),
    .abi_major = DOCPIPE_ABI_MAJOR,
    .abi_minor = DOCPIPE_ABI_MINOR,
    .sdk_version = DOCPIPE_SDK_VERSION,
    .id = "text.stats",
    .kind = DP_KIND_TRANSFORM,
    .version = "1.0.0",
    .license = "MIT",
    .description = "Adds chars, words, lines and cjk_ratio of the text to the metadata",
    .params = params,
    .param_count = sizeof params / sizeof params[0],
    .needs = needs,
    .provides = provides,
    /* No DP_FLAG_THREAD_SAFE: the host gives each worker its own instance,
     * which stays correct if the state ever becomes mutable. */
    .flags = 0,
    .create = stats_create,
    .destroy = stats_destroy,
    .process = stats_process,
}};

static const dp_plugin_list plugin_list = {sizeof(dp_plugin_list), 1, plugins};

DOCPIPE_PLUGIN_ENTRY(host) {
  (void)host;
  return &plugin_list;
}
