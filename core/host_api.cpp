// Every function here is called from plugin code through a C ABI: none may
// throw, so each catches and reports failure as -1 or an empty value.
#include "host_api.hpp"

#include <strings.h>
#include <boost/json/parse.hpp>
#include <cstring>

#include "document.hpp"
#include "logging.hpp"
#include "params.hpp"
#include "resume/shard_state.hpp"
#include "utf8.hpp"

namespace docpipe {
namespace {

std::string_view sv(const char* data, size_t size) {
  return data != nullptr ? std::string_view(data, size) : std::string_view();
}
dp_str str(std::string_view s) { return dp_str{s.data(), s.size()}; }

spdlog::level::level_enum to_spdlog(dp_log_level level) {
  switch (level) {
    case DP_LOG_TRACE:
      return spdlog::level::trace;
    case DP_LOG_DEBUG:
      return spdlog::level::debug;
    case DP_LOG_INFO:
      return spdlog::level::info;
    case DP_LOG_WARN:
      return spdlog::level::warn;
    case DP_LOG_ERROR:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

void message_set(dp_message* msg, const char* text, size_t size) {
  if (msg == nullptr || text == nullptr) return;
  try {
    msg->text.assign(text, size);
  } catch (...) {
  }
}

void log(dp_logger* logger, dp_log_level level, const char* text, size_t size) {
  if (logger == nullptr || !logger->logger) return;
  try {
    logger->logger->log(to_spdlog(level), "{}", sv(text, size));
  } catch (...) {
  }
}

int log_enabled(dp_logger* logger, dp_log_level level) {
  return logger != nullptr && logger->logger && logger->logger->should_log(to_spdlog(level));
}

int param_is_set(const dp_config* config, const char* name) {
  return config != nullptr && config->find(name) != nullptr;
}
dp_str param_string(const dp_config* config, const char* name) {
  const ParamValue* v = config ? config->find(name) : nullptr;
  return v ? str(v->text) : dp_str{nullptr, 0};
}
int64_t param_int(const dp_config* config, const char* name) {
  const ParamValue* v = config ? config->find(name) : nullptr;
  return v ? v->integer : 0;
}
double param_double(const dp_config* config, const char* name) {
  const ParamValue* v = config ? config->find(name) : nullptr;
  return v ? v->real : 0.0;
}
size_t param_list_size(const dp_config* config, const char* name) {
  const ParamValue* v = config ? config->find(name) : nullptr;
  return v ? v->items.size() : 0;
}
dp_str param_list_item(const dp_config* config, const char* name, size_t index) {
  const ParamValue* v = config ? config->find(name) : nullptr;
  if (v == nullptr || index >= v->items.size()) return dp_str{nullptr, 0};
  return str(v->items[index]);
}

dp_str doc_get(const dp_document* doc, dp_field field) {
  return doc ? str(doc->get(field)) : dp_str{nullptr, 0};
}
int doc_set(dp_document* doc, dp_field field, const char* data, size_t size) {
  if (doc == nullptr || !is_writable_field(field) || (data == nullptr && size > 0)) return -1;
  try {
    return doc->set(field, sv(data, size)) ? 0 : -1;
  } catch (...) {
    return -1;
  }
}
void doc_release(dp_document* doc, dp_field field) {
  if (doc != nullptr && is_writable_field(field)) doc->release(field);
}
int64_t doc_get_int(const dp_document* doc, dp_int_field field) {
  if (doc == nullptr) return 0;
  switch (field) {
    case DP_INT_FETCH_TIME:
      return doc->fetch_time_ms;
    case DP_INT_HTTP_STATUS:
      return doc->http_status;
    case DP_INT_STATUS:
      return doc->status;
    case DP_INT_SEQUENCE:
      return doc->sequence;
  }
  return 0;
}
int doc_set_int(dp_document* doc, dp_int_field field, int64_t value) {
  if (doc == nullptr) return -1;
  switch (field) {
    case DP_INT_FETCH_TIME:
      doc->fetch_time_ms = value;
      return 0;
    case DP_INT_HTTP_STATUS:
      doc->http_status = value;
      return 0;
    default:
      return -1;
  }
}

size_t header_count(const dp_document* doc) { return doc ? doc->headers.size() : 0; }
int header_at(const dp_document* doc, size_t index, dp_str* name, dp_str* value) {
  if (doc == nullptr || index >= doc->headers.size()) return -1;
  if (name) *name = str(doc->headers[index].first);
  if (value) *value = str(doc->headers[index].second);
  return 0;
}
dp_str header_find(const dp_document* doc, const char* name, size_t name_size) {
  if (doc == nullptr || name == nullptr) return dp_str{nullptr, 0};
  for (const auto& [n, v] : doc->headers) {
    if (n.size() == name_size && strncasecmp(n.data(), name, name_size) == 0) return str(v);
  }
  return dp_str{nullptr, 0};
}
int header_add(dp_document* doc, const char* name, size_t name_size, const char* value,
               size_t value_size) {
  if (doc == nullptr || name == nullptr || name_size == 0) return -1;
  try {
    doc->headers.emplace_back(utf8_copy(sv(name, name_size)), utf8_copy(sv(value, value_size)));
    return 0;
  } catch (...) {
    return -1;
  }
}

size_t meta_count(const dp_document* doc) { return doc ? doc->meta.size() : 0; }
int meta_at(const dp_document* doc, size_t index, dp_str* key, dp_str* value, int* is_json) {
  if (doc == nullptr || index >= doc->meta.size()) return -1;
  const auto& m = doc->meta[index];
  if (key) *key = str(m.key);
  if (value) *value = str(m.value);
  if (is_json) *is_json = m.is_json ? 1 : 0;
  return 0;
}
dp_str meta_find(const dp_document* doc, const char* key, size_t key_size, int* is_json) {
  const dp_document::Meta* m = doc && key ? doc->find_meta(sv(key, key_size)) : nullptr;
  if (is_json) *is_json = m && m->is_json ? 1 : 0;
  return m ? str(m->value) : dp_str{nullptr, 0};
}
int meta_set(dp_document* doc, const char* key, size_t key_size, const char* value,
             size_t value_size, int is_json) {
  if (doc == nullptr || key == nullptr || key_size == 0 || (value == nullptr && value_size > 0))
    return -1;
  try {
    if (is_json) {
      // Exporters write JSON values verbatim, so they must be valid JSON.
      boost::system::error_code ec;
      boost::json::parse(sv(value, value_size), ec);
      if (ec) return -1;
    }
    doc->set_meta(sv(key, key_size), sv(value, value_size), is_json != 0);
    return 0;
  } catch (...) {
    return -1;
  }
}
int meta_remove(dp_document* doc, const char* key, size_t key_size) {
  if (doc == nullptr || key == nullptr) return -1;
  std::string_view k(key, key_size);
  for (auto it = doc->meta.begin(); it != doc->meta.end(); ++it) {
    if (it->key == k) {
      doc->meta.erase(it);
      return 0;
    }
  }
  return -1;
}

size_t block_count(const dp_document* doc) { return doc ? doc->blocks.size() : 0; }
int block_at(const dp_document* doc, size_t index, dp_block* out) {
  if (doc == nullptr || out == nullptr || index >= doc->blocks.size()) return -1;
  *out = doc->blocks[index];
  return 0;
}
int block_add(dp_document* doc, const dp_block* block) {
  if (doc == nullptr || block == nullptr) return -1;
  try {
    return doc->add_block(*block) ? 0 : -1;
  } catch (...) {
    return -1;
  }
}
void blocks_clear(dp_document* doc) {
  if (doc) doc->blocks.clear();
}

size_t segment_count(const dp_document* doc) { return doc ? doc->segments.size() : 0; }
int segment_at(const dp_document* doc, size_t index, dp_segment* out) {
  if (doc == nullptr || out == nullptr || index >= doc->segments.size()) return -1;
  const auto& s = doc->segments[index];
  out->kind = str(doc->segment_kinds[s.kind]);
  out->begin = s.begin;
  out->end = s.end;
  return 0;
}
int segment_add(dp_document* doc, const char* kind, size_t kind_size, uint64_t begin,
                uint64_t end) {
  if (doc == nullptr || kind == nullptr || kind_size == 0) return -1;
  try {
    return doc->add_segment(sv(kind, kind_size), begin, end) ? 0 : -1;
  } catch (...) {
    return -1;
  }
}
void segments_clear(dp_document* doc) {
  if (doc) doc->segments.clear();
}

int resume_defer_rename(dp_resume* resume, const char* temp_path, const char* final_path) {
  if (resume == nullptr || resume->state == nullptr || temp_path == nullptr ||
      final_path == nullptr)
    return -1;
  try {
    resume->state->defer_rename(temp_path, final_path);
    return 0;
  } catch (...) {
    return -1;
  }
}
uint64_t resume_committed(dp_resume* resume, const char* source, size_t size) {
  if (resume == nullptr || resume->state == nullptr) return 0;
  return resume->state->committed(sv(source, size));
}

int run_stop_state(dp_run* run) {
  return run != nullptr ? run->stop_state.load(std::memory_order_relaxed) : DP_RUN_GOING;
}
void run_progress(dp_run* run, uint64_t done, uint64_t total, dp_progress_unit unit) {
  if (run == nullptr) return;
  run->progress_done.store(done, std::memory_order_relaxed);
  run->progress_total.store(total, std::memory_order_relaxed);
  run->progress_unit.store(static_cast<int>(unit), std::memory_order_relaxed);
}
int run_stdout_fd(dp_run* run) { return run != nullptr ? run->stdout_fd : -1; }

const dp_host_api kHostApi = {
    sizeof(dp_host_api), DOCPIPE_ABI_MAJOR, DOCPIPE_ABI_MINOR, message_set,    log,
    log_enabled,         param_is_set,      param_string,      param_int,      param_double,
    param_list_size,     param_list_item,   doc_get,           doc_set,        doc_release,
    doc_get_int,         doc_set_int,       header_count,      header_at,      header_find,
    header_add,          meta_count,        meta_at,           meta_find,      meta_set,
    meta_remove,         block_count,       block_at,          block_add,      blocks_clear,
    segment_count,       segment_at,        segment_add,       segments_clear, resume_defer_rename,
    resume_committed,    run_stop_state,    run_progress,      run_stdout_fd,
};

}  // namespace

const dp_host_api* host_api() noexcept { return &kHostApi; }

}  // namespace docpipe
