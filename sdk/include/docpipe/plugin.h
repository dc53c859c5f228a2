/* docpipe plugin ABI (C11). The only door between the host and a plugin.
 *
 * A plugin library exports two symbols, both emitted by DOCPIPE_PLUGIN_ENTRY:
 *   - docpipe_plugin_abi: a constant dp_abi_tag the host reads *before* it runs
 *     any plugin code, to refuse libraries built for another ABI major, or for a
 *     newer minor than the host knows;
 *   - docpipe_plugin_entry_v<MAJOR>: returns the library's table of plugins.
 * Rules of evolution: within one major, structs only grow at their end (each
 * starts with struct_size) and enums only gain values. A new major renames
 * the entry function, so an old host never calls a new library by mistake.
 *
 * Threading: a source's next() and a sink's write()/finish() are called from
 * one thread at a time. A transform's process() is called from one worker
 * thread per instance; the host creates one instance per worker unless the
 * plugin sets DP_FLAG_THREAD_SAFE, in which case one instance is shared.
 * Callbacks must not throw or longjmp across this boundary. */
#ifndef DOCPIPE_PLUGIN_H
#define DOCPIPE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DOCPIPE_ABI_MAJOR 1 /*!< breaks compatibility when it changes */
#define DOCPIPE_ABI_MINOR 2 /*!< only appends when it changes */
#define DOCPIPE_SDK_VERSION "0.2.0" /*!< version of the SDK headers */

#define DOCPIPE_STR2(x) #x
#define DOCPIPE_STR(x) DOCPIPE_STR2(x)
#define DOCPIPE_CAT2(a, b) a##b
#define DOCPIPE_CAT(a, b) DOCPIPE_CAT2(a, b)
/*! Name of the entry function for this ABI major: docpipe_plugin_entry_v1. */
#define DOCPIPE_ENTRY_NAME DOCPIPE_CAT(docpipe_plugin_entry_v, DOCPIPE_ABI_MAJOR)
/*! Name of the exported ABI tag symbol (the same for every major). */
#define DOCPIPE_ABI_TAG_NAME docpipe_plugin_abi

#ifdef __cplusplus
#define DOCPIPE_EXTERN_C extern "C"
#else
#define DOCPIPE_EXTERN_C
#endif

#if defined(_WIN32)
#define DOCPIPE_EXPORT __declspec(dllexport)
#else
#define DOCPIPE_EXPORT __attribute__((visibility("default")))
#endif

/*! What every callback returns. */
typedef enum dp_status {
  DP_OK = 0,              /*!< done; the document goes on */
  DP_DROPPED = 1,         /*!< filtered out on purpose; the message says why */
  DP_DOCUMENT_ERROR = 2,  /*!< this document failed; the run goes on */
  DP_COMPONENT_ERROR = 3, /*!< the plugin cannot work at all; the run stops */
  DP_TIMEOUT = 4,         /*!< host only: a stage exceeded the document deadline */
  DP_CRASH = 5,           /*!< host only: the worker process running a stage died */
  DP_END = 6,             /*!< source only: no more documents */
  /* Added in ABI 1.2; like DP_TIMEOUT and DP_CRASH, only the host sets them
   * (a plugin returning one gets its document failed with a message). */
  DP_OOM = 7,             /*!< host only: a worker process exceeded its memory cap */
  DP_INTERRUPTED = 8,     /*!< host only: the run stopped while a stage held the document */
  DP_PARTIAL = 9          /*!< host only: some sinks wrote the document, a later one failed it */
} dp_status;

/*! The role a plugin plays in a pipeline. */
typedef enum dp_kind {
  DP_KIND_SOURCE = 1,    /*!< produces documents (next) */
  DP_KIND_TRANSFORM = 2, /*!< changes, annotates or drops a document (process) */
  DP_KIND_SEGMENT = 3,   /*!< a transform that adds segments (process) */
  DP_KIND_SINK = 4       /*!< exports documents (write, finish) */
} dp_kind;

/*! Types the host parses and validates parameter values into. */
typedef enum dp_param_type {
  DP_PARAM_STRING = 1,   /*!< any text */
  DP_PARAM_INT = 2,      /*!< signed 64-bit integer */
  DP_PARAM_DOUBLE = 3,   /*!< floating point number */
  DP_PARAM_BOOL = 4,     /*!< true/false, yes/no, on/off, 1/0 */
  DP_PARAM_SIZE = 5,     /*!< bytes: 512, 64KiB, 64MiB, 1GB; read as int */
  DP_PARAM_DURATION = 6, /*!< 250ms, 30s, 5m, 2h; read as int milliseconds */
  DP_PARAM_ENUM = 7,     /*!< one of choices ("a|b|c"); read as string */
  DP_PARAM_LIST = 8,     /*!< comma-separated strings (repeat <param> to append) */
  DP_PARAM_PATH = 9      /*!< a filesystem path; read as string */
} dp_param_type;

/*! One row of a plugin's static parameter table. */
typedef struct dp_param_spec {
  const char* name;          /*!< [a-z0-9_]+ */
  dp_param_type type;        /*!< how the host parses the value */
  const char* default_value; /*!< text form of the default, or NULL for none */
  int required;              /*!< non-zero: the pipeline must set it */
  const char* description;   /*!< one line for `docpipe describe` */
  const char* choices;       /*!< enum only: "text|markdown" */
  const char* min;           /*!< int/double/size/duration: lower bound in text form, or NULL */
  const char* max;           /*!< int/double/size/duration: upper bound in text form, or NULL */
} dp_param_spec;

/*! A view of bytes owned by someone else; not NUL-terminated unless said. */
typedef struct dp_str {
  const char* data;
  size_t size;
} dp_str;

/*! Byte-string fields of a document. Text fields are always valid UTF-8:
 *  the host repairs invalid sequences (U+FFFD) when they are set. */
typedef enum dp_field {
  DP_FIELD_ID = 1,           /*!< stable id, unique within a source (UTF-8) */
  DP_FIELD_SOURCE = 2,       /*!< where it came from: absolute path, URL, or WARC file (UTF-8) */
  DP_FIELD_URL = 3,          /*!< the page's URL when known (UTF-8) */
  DP_FIELD_RAW = 4,          /*!< bytes as fetched (any bytes) */
  DP_FIELD_CONTENT_TYPE = 5, /*!< media type, e.g. text/html (UTF-8) */
  DP_FIELD_CHARSET = 6,      /*!< charset the raw bytes were decoded from (UTF-8) */
  DP_FIELD_HTML = 7,         /*!< decoded HTML (UTF-8) */
  DP_FIELD_TEXT = 8,         /*!< clean text (UTF-8); blocks and segments index into it */
  DP_FIELD_STAGE = 9,        /*!< read-only: instance that failed or dropped the document */
  DP_FIELD_MESSAGE = 10,     /*!< read-only: why it failed or was dropped */
  DP_FIELD_INPUT = 11        /*!< ABI 1.1: the input it came from (a file, a WARC, a URL) when
                                  finer than source; resumable runs count documents per input */
} dp_field;

/*! Integer fields of a document. */
typedef enum dp_int_field {
  DP_INT_FETCH_TIME = 1,  /*!< when fetched, milliseconds since the Unix epoch; 0 = unknown */
  DP_INT_HTTP_STATUS = 2, /*!< HTTP status code; 0 = not HTTP */
  DP_INT_STATUS = 3,      /*!< read-only: the dp_status the document ended with so far */
  DP_INT_SEQUENCE = 4     /*!< read-only: order in which the source produced it, from 0 */
} dp_int_field;

/*! Kinds of structural block; a block is a byte range of the text. */
typedef enum dp_block_kind {
  DP_BLOCK_HEADING = 1,
  DP_BLOCK_PARAGRAPH = 2,
  DP_BLOCK_LIST_ITEM = 3,
  DP_BLOCK_TABLE_CELL = 4,
  DP_BLOCK_QUOTE = 5,
  DP_BLOCK_CODE = 6
} dp_block_kind;

/*! A structural block: [begin, end) byte offsets into the text. */
typedef struct dp_block {
  dp_block_kind kind;
  uint32_t level; /*!< heading level 1-6, list nesting depth, or 0 */
  uint64_t begin;
  uint64_t end;
} dp_block;

/*! A segment: [begin, end) byte offsets into the text, of a kind such as
 *  "sentence", "word" or "chunk". */
typedef struct dp_segment {
  dp_str kind;
  uint64_t begin;
  uint64_t end;
} dp_segment;

/*! Log levels, as spdlog orders them. */
typedef enum dp_log_level {
  DP_LOG_TRACE = 0,
  DP_LOG_DEBUG = 1,
  DP_LOG_INFO = 2,
  DP_LOG_WARN = 3,
  DP_LOG_ERROR = 4
} dp_log_level;

/*! Which part of the pipeline an instance serves. */
typedef enum dp_role {
  DP_ROLE_MAIN = 0,  /*!< a source, stage or sink of the pipeline */
  DP_ROLE_ERRORS = 1 /*!< the errors sink: it receives failed documents */
} dp_role;

/* Opaque handles owned by the host. */
typedef struct dp_document dp_document; /*!< one document in flight */
typedef struct dp_config dp_config;     /*!< an instance's validated parameters */
typedef struct dp_logger dp_logger;     /*!< an instance's named logger */
typedef struct dp_message dp_message;   /*!< where a callback leaves its message */
typedef struct dp_resume dp_resume;     /*!< a resumable run's commit state (ABI 1.1) */
typedef struct dp_run dp_run;           /*!< the run an instance serves (ABI 1.2) */

/*! Whether a run is stopping (ABI 1.2), from dp_host_api.run_stop_state. */
typedef enum dp_stop_state {
  DP_RUN_GOING = 0,    /*!< keep going */
  DP_RUN_DRAINING = 1, /*!< a stop was asked: a source starts nothing new and returns DP_END
                            once the work it has in flight is done */
  DP_RUN_ABORTING = 2  /*!< the drain deadline passed: abandon work in flight now */
} dp_stop_state;

/*! What a source's progress counts (ABI 1.2). */
typedef enum dp_progress_unit {
  DP_PROGRESS_BYTES = 1, /*!< input bytes (files, WARC, JSONL) */
  DP_PROGRESS_ITEMS = 2  /*!< input items (URLs, records) */
} dp_progress_unit;

/*! Services the host gives plugins. Strings returned stay valid until the
 *  same field is changed or the document leaves the callback. Functions that
 *  return int give 0 on success and -1 on a bad argument. */
typedef struct dp_host_api {
  uint32_t struct_size; /*!< check before using a member added in a later minor */
  uint16_t abi_major;
  uint16_t abi_minor;

  /*! Leaves a message (copied) with the status a callback returns. */
  void (*message_set)(dp_message* msg, const char* text, size_t size);

  /*! Logs through the instance's logger (copied; need not be NUL-terminated). */
  void (*log)(dp_logger* logger, dp_log_level level, const char* text, size_t size);
  /*! Non-zero when a message at this level would be written. */
  int (*log_enabled)(dp_logger* logger, dp_log_level level);

  /*! Non-zero when the parameter has a value (set or defaulted). */
  int (*param_is_set)(const dp_config* config, const char* name);
  /*! String, path and enum values; for other types, the value as written. */
  dp_str (*param_string)(const dp_config* config, const char* name);
  /*! Int and bool (0/1) values; size in bytes; duration in milliseconds. */
  int64_t (*param_int)(const dp_config* config, const char* name);
  /*! Double values (ints convert). */
  double (*param_double)(const dp_config* config, const char* name);
  /*! Number of items of a list value. */
  size_t (*param_list_size)(const dp_config* config, const char* name);
  /*! One item of a list value. */
  dp_str (*param_list_item)(const dp_config* config, const char* name, size_t index);

  dp_str (*doc_get)(const dp_document* doc, dp_field field);
  /*! Copies the bytes in; -1 for read-only fields. */
  int (*doc_set)(dp_document* doc, dp_field field, const char* data, size_t size);
  /*! Frees a field's memory (raw bytes once decoded, say). */
  void (*doc_release)(dp_document* doc, dp_field field);
  int64_t (*doc_get_int)(const dp_document* doc, dp_int_field field);
  int (*doc_set_int)(dp_document* doc, dp_int_field field, int64_t value);

  size_t (*header_count)(const dp_document* doc);
  int (*header_at)(const dp_document* doc, size_t index, dp_str* name, dp_str* value);
  /*! First header of that name (ASCII case-insensitive); data NULL if none. */
  dp_str (*header_find)(const dp_document* doc, const char* name, size_t name_size);
  int (*header_add)(dp_document* doc, const char* name, size_t name_size, const char* value,
                    size_t value_size);

  size_t (*meta_count)(const dp_document* doc);
  /*! *is_json is 1 when the value is a JSON text (number, list, object). */
  int (*meta_at)(const dp_document* doc, size_t index, dp_str* key, dp_str* value, int* is_json);
  /*! Value of a key; data NULL if absent. */
  dp_str (*meta_find)(const dp_document* doc, const char* key, size_t key_size, int* is_json);
  /*! Sets or replaces; with is_json the value must be valid JSON (else -1). */
  int (*meta_set)(dp_document* doc, const char* key, size_t key_size, const char* value,
                  size_t value_size, int is_json);
  int (*meta_remove)(dp_document* doc, const char* key, size_t key_size);

  size_t (*block_count)(const dp_document* doc);
  int (*block_at)(const dp_document* doc, size_t index, dp_block* out);
  /*! -1 when the range is not inside the text. */
  int (*block_add)(dp_document* doc, const dp_block* block);
  void (*blocks_clear)(dp_document* doc);

  size_t (*segment_count)(const dp_document* doc);
  int (*segment_at)(const dp_document* doc, size_t index, dp_segment* out);
  /*! -1 when the range is not inside the text. */
  int (*segment_add)(dp_document* doc, const char* kind, size_t kind_size, uint64_t begin,
                     uint64_t end);
  void (*segments_clear)(dp_document* doc);

  /* Added in ABI 1.1: resumable runs (--state). All take the dp_resume of
   * dp_instance_info, which is NULL when the run keeps no state. */
  /*! Sink: instead of renaming a finished file, hands the rename to the host,
   *  which performs it at the next checkpoint, after recording it. */
  int (*resume_defer_rename)(dp_resume* resume, const char* temp_path, const char* final_path);
  /*! Source: how many documents of this input (its DP_FIELD_SOURCE value) an
   *  earlier attempt committed; UINT64_MAX when the whole input is done. */
  uint64_t (*resume_committed)(dp_resume* resume, const char* source, size_t size);

  /* Added in ABI 1.2: run services. All take the dp_run of dp_instance_info;
   * with a NULL run they answer "going", ignore progress and return -1. */
  /*! A dp_stop_state. Cheap: a source polls it while it waits for input. */
  int (*run_stop_state)(dp_run* run);
  /*! Source: how much of its input is consumed, of how much in all (0: not known). */
  void (*run_progress)(dp_run* run, uint64_t done, uint64_t total, dp_progress_unit unit);
  /*! Sink: the descriptor of the run's standard output, for "-" paths; -1
   *  when the run has none. The host sends plugins' other writes to fd 1 to
   *  stderr, so only what a sink writes here reaches standard output. */
  int (*run_stdout_fd)(dp_run* run);
} dp_host_api;

/*! What the host tells an instance when it creates it. */
typedef struct dp_instance_info {
  uint32_t struct_size;
  const char* name;          /*!< instance name for messages, e.g. "clean.html#0" */
  const char* pipeline_name; /*!< the pipeline's name attribute */
  const dp_config* config;   /*!< validated parameters; lives as long as the instance */
  dp_logger* logger;         /*!< this instance's logger */
  uint32_t shard_index;      /*!< this run's shard, 0-based */
  uint32_t shard_count;      /*!< number of shards, >= 1 */
  uint32_t worker_index;     /*!< which worker this instance serves (0 for shared ones) */
  dp_role role;              /*!< DP_ROLE_ERRORS for the errors sink */
  /* Added in ABI 1.1 (check struct_size): */
  dp_resume* resume;         /*!< non-NULL when the run keeps state and can resume */
  const char* temp_dir;      /*!< resumable runs: where sinks put unfinished files */
  uint32_t attempt;          /*!< resumable runs: 1 on the first run of a shard, then 2, ... */
  /* Added in ABI 1.2 (check struct_size): */
  dp_run* run;               /*!< the run's services: stop state, progress, standard output */
} dp_instance_info;

/*! Plugin flags. */
enum {
  DP_FLAG_THREAD_SAFE = 1, /*!< one instance may serve all workers at once */
  /*! ABI 1.2, sources: next() follows run_stop_state (it starts nothing new
   *  once draining and returns DP_END when its work in flight is done), so
   *  the host keeps reading it after a stop request instead of leaving the
   *  documents it finishes unread. */
  DP_FLAG_DRAINS = 2
};

/*! A plugin descriptor. Callbacks a kind does not use are NULL. */
typedef struct dp_plugin {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  const char* sdk_version; /*!< DOCPIPE_SDK_VERSION it was built with */
  const char* id;          /*!< "category.name", e.g. "clean.html" */
  dp_kind kind;
  const char* version;     /*!< the plugin's own version */
  const char* license;     /*!< SPDX identifier */
  const char* description; /*!< one line */
  const dp_param_spec* params;
  size_t param_count;
  const char* const* needs;    /*!< NULL-terminated capabilities it reads: raw, html, text, ... */
  const char* const* provides; /*!< NULL-terminated capabilities it adds */
  uint32_t flags;              /*!< DP_FLAG_* */

  /*! Makes an instance; on failure returns DP_COMPONENT_ERROR with a message. */
  dp_status (*create)(const dp_host_api* host, const dp_instance_info* info, void** state,
                      dp_message* msg);
  /*! Frees an instance; finish() has been called before when the run ended normally. */
  void (*destroy)(void* state);
  /*! Source: fills a fresh document; DP_END when there are no more. */
  dp_status (*next)(void* state, dp_document* doc, dp_message* msg);
  /*! Transform and segment: works on one document. */
  dp_status (*process)(void* state, dp_document* doc, dp_message* msg);
  /*! Sink: exports one document. */
  dp_status (*write)(void* state, const dp_document* doc, dp_message* msg);
  /*! Any kind, optional: end of input; a sink flushes and commits its output. */
  dp_status (*finish)(void* state, dp_message* msg);
  /* Added in ABI 1.1 (the host checks struct_size): */
  /*! Sink, optional: everything written so far must survive a crash once this
   *  returns DP_OK: close the current part (its rename deferred through
   *  resume_defer_rename) or commit a transaction. Later writes go on in a new
   *  part. A resumable run checkpoints only when every sink has this. */
  dp_status (*checkpoint)(void* state, dp_message* msg);
} dp_plugin;

/*! The table a library's entry function returns. */
typedef struct dp_plugin_list {
  uint32_t struct_size;
  size_t count;
  const dp_plugin* plugins;
} dp_plugin_list;

/*! The constant the host reads before any plugin code runs. */
typedef struct dp_abi_tag {
  uint32_t magic; /*!< DOCPIPE_ABI_MAGIC */
  uint16_t abi_major;
  uint16_t abi_minor;
  const char* sdk_version;
} dp_abi_tag;

#define DOCPIPE_ABI_MAGIC 0x64706970u /*!< "dpip" */

/*! Signature of the entry function. */
typedef const dp_plugin_list* (*dp_entry_fn)(const dp_host_api* host);

/*! Opens a library's entry function, emitting the ABI tag beside it:
 *    DOCPIPE_PLUGIN_ENTRY(host) { ...; return &my_list; } */
#define DOCPIPE_PLUGIN_ENTRY(host)                                                        \
  DOCPIPE_EXTERN_C DOCPIPE_EXPORT const dp_abi_tag DOCPIPE_ABI_TAG_NAME = {               \
      DOCPIPE_ABI_MAGIC, DOCPIPE_ABI_MAJOR, DOCPIPE_ABI_MINOR, DOCPIPE_SDK_VERSION};      \
  DOCPIPE_EXTERN_C DOCPIPE_EXPORT const dp_plugin_list* DOCPIPE_ENTRY_NAME(const dp_host_api* host)

#ifdef __cplusplus
}
#endif

#endif /* DOCPIPE_PLUGIN_H */
