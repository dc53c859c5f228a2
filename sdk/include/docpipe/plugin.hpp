// docpipe plugin SDK, C++20 layer over plugin.h. Header-only; depends on the
// standard library alone, so a plugin never inherits the host's libraries.
//
// A plugin is one class and one macro:
//
//   class Upper final : public docpipe::Transform {
//    public:
//     static constexpr const char* id = "text.upper";
//     static constexpr const char* version = "1.0.0";
//     static constexpr const char* license = "MIT";
//     static constexpr const char* description = "Upper-cases ASCII text";
//     explicit Upper(docpipe::Context& ctx) {}
//     docpipe::Result process(docpipe::Document& doc) { ...; return docpipe::Result::ok(); }
//   };
//   DOCPIPE_PLUGIN(Upper)
//
// Optional static members: params (dp_param_spec[], rows built with
// docpipe::Param), needs / provides
// (NULL-terminated const char*[]), flags (DP_FLAG_*). Optional method:
// Result finish(). Exceptions thrown by a plugin's methods become
// DP_DOCUMENT_ERROR (DP_COMPONENT_ERROR from the constructor) with what().
#ifndef DOCPIPE_PLUGIN_HPP
#define DOCPIPE_PLUGIN_HPP

#include <docpipe/plugin.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <iterator>
#include <new>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace docpipe {

//! A dp_str as a string_view (empty when absent).
inline std::string_view view(dp_str s) noexcept {
  return s.data != nullptr ? std::string_view(s.data, s.size) : std::string_view();
}

//! Builds a row of a parameter table at compile time:
//!   docpipe::Param("max_size", DP_PARAM_SIZE, "Largest file read").def("64MiB").range("0", "1GiB")
class Param {
 public:
  constexpr Param(const char* name, dp_param_type type, const char* description) noexcept
      : spec_{name, type, nullptr, 0, description, nullptr, nullptr, nullptr} {}
  //! The default, in the same text form a pipeline would use.
  constexpr Param def(const char* value) const noexcept {
    Param p = *this;
    p.spec_.default_value = value;
    return p;
  }
  //! The pipeline must set it.
  constexpr Param required() const noexcept {
    Param p = *this;
    p.spec_.required = 1;
    return p;
  }
  //! Enum choices, "a|b|c".
  constexpr Param choices(const char* values) const noexcept {
    Param p = *this;
    p.spec_.choices = values;
    return p;
  }
  //! Inclusive bounds in text form; nullptr for none.
  constexpr Param range(const char* min, const char* max) const noexcept {
    Param p = *this;
    p.spec_.min = min;
    p.spec_.max = max;
    return p;
  }
  constexpr operator dp_param_spec() const noexcept { return spec_; }  // NOLINT(google-explicit-constructor)

 private:
  dp_param_spec spec_;
};

//! What a plugin method returns: a status and, unless ok, why.
class Result {
 public:
  //! The document goes on.
  static Result ok() { return Result(DP_OK, {}); }
  //! Filtered out on purpose.
  static Result dropped(std::string why) { return Result(DP_DROPPED, std::move(why)); }
  //! This document failed; the run goes on.
  static Result document_error(std::string why) { return Result(DP_DOCUMENT_ERROR, std::move(why)); }
  //! The plugin cannot work at all; the run stops.
  static Result component_error(std::string why) {
    return Result(DP_COMPONENT_ERROR, std::move(why));
  }
  //! A source has no more documents.
  static Result end() { return Result(DP_END, {}); }

  //! The status code.
  dp_status status() const noexcept { return status_; }
  //! The message (empty for ok and end).
  const std::string& message() const noexcept { return message_; }

 private:
  Result(dp_status status, std::string message) : status_(status), message_(std::move(message)) {}
  dp_status status_;
  std::string message_;
};

namespace detail {
inline void append_formatted(std::string& out, std::string_view fmt) {
  for (size_t i = 0; i < fmt.size(); ++i) {
    out += fmt[i];
    if ((fmt[i] == '{' || fmt[i] == '}') && i + 1 < fmt.size() && fmt[i + 1] == fmt[i]) ++i;
  }
}

template <class First, class... Rest>
void append_formatted(std::string& out, std::string_view fmt, const First& first,
                      const Rest&... rest) {
  for (size_t i = 0; i < fmt.size(); ++i) {
    char c = fmt[i];
    if (c == '{' && i + 1 < fmt.size() && fmt[i + 1] == '}') {
      std::ostringstream os;
      os << first;
      out += os.str();
      append_formatted(out, fmt.substr(i + 2), rest...);
      return;
    }
    if ((c == '{' || c == '}') && i + 1 < fmt.size() && fmt[i + 1] == c) ++i;
    out += c;
  }
}
}  // namespace detail

//! Formats "{}" placeholders with operator<< ("{{" and "}}" are literal braces).
template <class... Args>
std::string format(std::string_view fmt, const Args&... args) {
  std::string out;
  out.reserve(fmt.size() + 16 * sizeof...(Args));
  detail::append_formatted(out, fmt, args...);
  return out;
}

//! The instance's named logger ("clean.html#0"), writing through the host.
class Logger {
 public:
  Logger(const dp_host_api* api, dp_logger* logger) noexcept : api_(api), logger_(logger) {}
  //! True when a message at this level would be written.
  bool enabled(dp_log_level level) const noexcept {
    return api_->log_enabled(logger_, level) != 0;
  }
  //! Writes a message at a level.
  void write(dp_log_level level, std::string_view text) const noexcept {
    api_->log(logger_, level, text.data(), text.size());
  }
  template <class... A>
  void trace(std::string_view fmt, const A&... a) const { emit(DP_LOG_TRACE, fmt, a...); }
  template <class... A>
  void debug(std::string_view fmt, const A&... a) const { emit(DP_LOG_DEBUG, fmt, a...); }
  template <class... A>
  void info(std::string_view fmt, const A&... a) const { emit(DP_LOG_INFO, fmt, a...); }
  template <class... A>
  void warn(std::string_view fmt, const A&... a) const { emit(DP_LOG_WARN, fmt, a...); }
  template <class... A>
  void error(std::string_view fmt, const A&... a) const { emit(DP_LOG_ERROR, fmt, a...); }

 private:
  template <class... A>
  void emit(dp_log_level level, std::string_view fmt, const A&... a) const {
    if (enabled(level)) write(level, format(fmt, a...));
  }
  const dp_host_api* api_;
  dp_logger* logger_;
};

//! An instance's parameters, already parsed and validated by the host.
class Params {
 public:
  Params(const dp_host_api* api, const dp_config* config) noexcept : api_(api), config_(config) {}
  //! True when the parameter has a value (set or defaulted).
  bool is_set(const char* name) const { return api_->param_is_set(config_, name) != 0; }
  //! String, path and enum values.
  std::string_view string(const char* name) const { return view(api_->param_string(config_, name)); }
  //! Int values.
  int64_t integer(const char* name) const { return api_->param_int(config_, name); }
  //! Bool values.
  bool boolean(const char* name) const { return api_->param_int(config_, name) != 0; }
  //! Double values.
  double real(const char* name) const { return api_->param_double(config_, name); }
  //! Size values, in bytes.
  uint64_t size(const char* name) const {
    return static_cast<uint64_t>(api_->param_int(config_, name));
  }
  //! Duration values.
  std::chrono::milliseconds duration(const char* name) const {
    return std::chrono::milliseconds(api_->param_int(config_, name));
  }
  //! List values.
  std::vector<std::string> list(const char* name) const {
    std::vector<std::string> items;
    size_t n = api_->param_list_size(config_, name);
    items.reserve(n);
    for (size_t i = 0; i < n; ++i) items.emplace_back(view(api_->param_list_item(config_, name, i)));
    return items;
  }

 private:
  const dp_host_api* api_;
  const dp_config* config_;
};

//! A structural block of the text.
struct Block {
  dp_block_kind kind;
  uint32_t level;
  uint64_t begin;
  uint64_t end;
};

//! A segment of the text.
struct Segment {
  std::string_view kind;
  uint64_t begin;
  uint64_t end;
};

//! A metadata entry.
struct MetaEntry {
  std::string_view key;
  std::string_view value;
  bool is_json;
};

//! One document in flight; a thin handle, cheap to copy.
class Document {
 public:
  Document(const dp_host_api* api, dp_document* doc) noexcept : api_(api), doc_(doc) {}

  //! Any byte field.
  std::string_view get(dp_field f) const { return view(api_->doc_get(doc_, f)); }
  //! Sets a byte field (copied); text fields are repaired to valid UTF-8.
  void set(dp_field f, std::string_view v) { api_->doc_set(doc_, f, v.data(), v.size()); }
  //! Frees a field no longer needed.
  void release(dp_field f) { api_->doc_release(doc_, f); }

  std::string_view id() const { return get(DP_FIELD_ID); }
  std::string_view source() const { return get(DP_FIELD_SOURCE); }
  //! The input it came from when finer than source (ABI 1.1); "" if the source did not say.
  std::string_view input() const { return get(DP_FIELD_INPUT); }
  std::string_view url() const { return get(DP_FIELD_URL); }
  std::string_view raw() const { return get(DP_FIELD_RAW); }
  std::string_view content_type() const { return get(DP_FIELD_CONTENT_TYPE); }
  std::string_view charset() const { return get(DP_FIELD_CHARSET); }
  std::string_view html() const { return get(DP_FIELD_HTML); }
  std::string_view text() const { return get(DP_FIELD_TEXT); }
  //! Instance that failed or dropped the document (errors sink).
  std::string_view stage() const { return get(DP_FIELD_STAGE); }
  //! Why it failed or was dropped (errors sink).
  std::string_view message() const { return get(DP_FIELD_MESSAGE); }

  void set_id(std::string_view v) { set(DP_FIELD_ID, v); }
  void set_source(std::string_view v) { set(DP_FIELD_SOURCE, v); }
  //! The input (file, WARC, URL) when the source names something finer, e.g. "file:line".
  void set_input(std::string_view v) { set(DP_FIELD_INPUT, v); }
  void set_url(std::string_view v) { set(DP_FIELD_URL, v); }
  void set_raw(std::string_view v) { set(DP_FIELD_RAW, v); }
  void set_content_type(std::string_view v) { set(DP_FIELD_CONTENT_TYPE, v); }
  void set_charset(std::string_view v) { set(DP_FIELD_CHARSET, v); }
  void set_html(std::string_view v) { set(DP_FIELD_HTML, v); }
  void set_text(std::string_view v) { set(DP_FIELD_TEXT, v); }

  int64_t http_status() const { return api_->doc_get_int(doc_, DP_INT_HTTP_STATUS); }
  void set_http_status(int64_t v) { api_->doc_set_int(doc_, DP_INT_HTTP_STATUS, v); }
  //! Milliseconds since the Unix epoch; 0 when unknown.
  int64_t fetch_time_ms() const { return api_->doc_get_int(doc_, DP_INT_FETCH_TIME); }
  void set_fetch_time_ms(int64_t v) { api_->doc_set_int(doc_, DP_INT_FETCH_TIME, v); }
  //! The status the document carries (DP_DOCUMENT_ERROR in the errors sink).
  dp_status status() const { return static_cast<dp_status>(api_->doc_get_int(doc_, DP_INT_STATUS)); }
  //! Position in the source's output, from 0.
  int64_t sequence() const { return api_->doc_get_int(doc_, DP_INT_SEQUENCE); }

  //! First header of that name (case-insensitive).
  std::optional<std::string_view> header(std::string_view name) const {
    dp_str v = api_->header_find(doc_, name.data(), name.size());
    if (v.data == nullptr) return std::nullopt;
    return view(v);
  }
  size_t header_count() const { return api_->header_count(doc_); }
  std::pair<std::string_view, std::string_view> header_at(size_t i) const {
    dp_str n{}, v{};
    api_->header_at(doc_, i, &n, &v);
    return {view(n), view(v)};
  }
  void add_header(std::string_view name, std::string_view value) {
    api_->header_add(doc_, name.data(), name.size(), value.data(), value.size());
  }

  //! A metadata value (string form, or JSON text for JSON values).
  std::optional<std::string_view> meta(std::string_view key) const {
    int is_json = 0;
    dp_str v = api_->meta_find(doc_, key.data(), key.size(), &is_json);
    if (v.data == nullptr) return std::nullopt;
    return view(v);
  }
  size_t meta_count() const { return api_->meta_count(doc_); }
  MetaEntry meta_at(size_t i) const {
    dp_str k{}, v{};
    int is_json = 0;
    api_->meta_at(doc_, i, &k, &v, &is_json);
    return {view(k), view(v), is_json != 0};
  }
  //! Sets a string value.
  void set_meta(std::string_view key, std::string_view value) {
    api_->meta_set(doc_, key.data(), key.size(), value.data(), value.size(), 0);
  }
  //! Sets a JSON value (a list, number, object); false if not valid JSON.
  bool set_meta_json(std::string_view key, std::string_view json) {
    return api_->meta_set(doc_, key.data(), key.size(), json.data(), json.size(), 1) == 0;
  }
  void remove_meta(std::string_view key) { api_->meta_remove(doc_, key.data(), key.size()); }

  size_t block_count() const { return api_->block_count(doc_); }
  Block block(size_t i) const {
    dp_block b{};
    api_->block_at(doc_, i, &b);
    return {b.kind, b.level, b.begin, b.end};
  }
  //! False when the range is not inside the text.
  bool add_block(dp_block_kind kind, uint64_t begin, uint64_t end, uint32_t level = 0) {
    dp_block b{kind, level, begin, end};
    return api_->block_add(doc_, &b) == 0;
  }
  void clear_blocks() { api_->blocks_clear(doc_); }

  size_t segment_count() const { return api_->segment_count(doc_); }
  Segment segment(size_t i) const {
    dp_segment s{};
    api_->segment_at(doc_, i, &s);
    return {view(s.kind), s.begin, s.end};
  }
  //! False when the range is not inside the text.
  bool add_segment(std::string_view kind, uint64_t begin, uint64_t end) {
    return api_->segment_add(doc_, kind.data(), kind.size(), begin, end) == 0;
  }
  void clear_segments() { api_->segments_clear(doc_); }

  //! The C handle, for code that talks to plugin.h directly.
  dp_document* handle() const noexcept { return doc_; }

 private:
  const dp_host_api* api_;
  dp_document* doc_;
};

//! What an instance knows about where it runs.
//! What Context::committed() returns for an input an earlier attempt finished.
inline constexpr uint64_t input_done = UINT64_MAX;

class Context {
 public:
  Context(const dp_host_api* api, const dp_instance_info* info) noexcept
      : api_(api),
        info_(*info),
        params_(api, info->config),
        log_(api, info->logger) {}
  //! Instance name for messages ("clean.html#0").
  std::string_view name() const noexcept { return info_.name; }
  std::string_view pipeline() const noexcept {
    return info_.pipeline_name != nullptr ? info_.pipeline_name : "";
  }
  const Params& params() const noexcept { return params_; }
  const Logger& log() const noexcept { return log_; }
  uint32_t shard_index() const noexcept { return info_.shard_index; }
  uint32_t shard_count() const noexcept { return info_.shard_count; }
  uint32_t worker_index() const noexcept { return info_.worker_index; }
  //! DP_ROLE_ERRORS for the errors sink.
  dp_role role() const noexcept { return info_.role; }
  const dp_host_api* host() const noexcept { return api_; }

  //! True when the run keeps state (--state) and can resume after a crash.
  bool resumable() const noexcept { return has_resume_fields() && info_.resume != nullptr; }
  //! Resumable runs: the directory for unfinished files ("" otherwise).
  std::string_view temp_dir() const noexcept {
    return resumable() && info_.temp_dir != nullptr ? info_.temp_dir : "";
  }
  //! Resumable runs: 1 on a shard's first run, 2 on its first resume, ...; 0 otherwise.
  uint32_t attempt() const noexcept { return resumable() ? info_.attempt : 0; }
  //! Resumable runs: hands a finished file's rename to the host (done at the next checkpoint).
  void defer_rename(const std::string& temp_path, const std::string& final_path) const {
    if (!resumable() || api_->resume_defer_rename(info_.resume, temp_path.c_str(), final_path.c_str()) != 0)
      throw std::logic_error("defer_rename() outside a resumable run");
  }
  //! Resumable runs: documents of this input an earlier attempt committed;
  //! UINT64_MAX when the input is done (skip it); 0 otherwise.
  uint64_t committed(std::string_view source) const noexcept {
    return resumable() ? api_->resume_committed(info_.resume, source.data(), source.size()) : 0;
  }

  //! Whether the run is stopping (ABI 1.2); always DP_RUN_GOING on an older host.
  dp_stop_state stop_state() const noexcept {
    if (!has_run_fields()) return DP_RUN_GOING;
    int s = api_->run_stop_state(info_.run);
    return s == DP_RUN_DRAINING ? DP_RUN_DRAINING : s == DP_RUN_ABORTING ? DP_RUN_ABORTING : DP_RUN_GOING;
  }
  //! True once a stop was asked: start nothing new.
  bool stopping() const noexcept { return stop_state() != DP_RUN_GOING; }
  //! Source: reports how much input is consumed, of how much (0: not known), for the progress bar.
  void progress(uint64_t done, uint64_t total, dp_progress_unit unit = DP_PROGRESS_BYTES) const noexcept {
    if (has_run_fields()) api_->run_progress(info_.run, done, total, unit);
  }
  //! Sink: the run's standard output for "-" paths; -1 when there is none.
  //! On an older host, fd 1 itself.
  int stdout_fd() const noexcept { return has_run_fields() ? api_->run_stdout_fd(info_.run) : 1; }

 private:
  bool has_run_fields() const noexcept {
    return info_.struct_size >= offsetof(dp_instance_info, run) + sizeof(info_.run) &&
           api_->struct_size >= offsetof(dp_host_api, run_stdout_fd) + sizeof(api_->run_stdout_fd);
  }
  bool has_resume_fields() const noexcept {
    return info_.struct_size >= offsetof(dp_instance_info, attempt) + sizeof(info_.attempt) &&
           api_->struct_size >= offsetof(dp_host_api, resume_committed) + sizeof(api_->resume_committed);
  }

  const dp_host_api* api_;
  dp_instance_info info_;
  Params params_;
  Logger log_;
};

//! Base of source plugins: Result next(Document&) fills a fresh document.
struct Source {
  static constexpr dp_kind kind = DP_KIND_SOURCE;
};
//! Base of transforms: Result process(Document&).
struct Transform {
  static constexpr dp_kind kind = DP_KIND_TRANSFORM;
};
//! Base of segmenters: Result process(Document&) adding segments.
struct Segmenter {
  static constexpr dp_kind kind = DP_KIND_SEGMENT;
};
//! Base of sinks: Result write(const Document&), Result finish(), and for
//! resumable runs Result checkpoint().
struct Sink {
  static constexpr dp_kind kind = DP_KIND_SINK;
};

namespace detail {

template <class T>
struct Instance {
  Instance(const dp_host_api* api, const dp_instance_info* info) : ctx(api, info), plugin(ctx) {}
  Context ctx;
  T plugin;
};

inline void leave_message(const dp_host_api* api, dp_message* msg, std::string_view text) noexcept {
  if (msg != nullptr && !text.empty()) api->message_set(msg, text.data(), text.size());
}

// Runs a plugin method, turning exceptions into statuses so none crosses the C ABI.
template <class F>
dp_status guarded(const dp_host_api* api, dp_message* msg, dp_status on_exception, F&& f) noexcept {
  try {
    Result r = f();
    leave_message(api, msg, r.message());
    return r.status();
  } catch (const std::bad_alloc&) {
    leave_message(api, msg, "out of memory (std::bad_alloc)");
  } catch (const std::exception& e) {
    leave_message(api, msg, e.what());
  } catch (...) {
    leave_message(api, msg, "unknown exception");
  }
  return on_exception;
}

template <class T>
struct Adapter {
  using Inst = Instance<T>;

  static dp_status create(const dp_host_api* api, const dp_instance_info* info, void** state,
                          dp_message* msg) noexcept {
    return guarded(api, msg, DP_COMPONENT_ERROR, [&] {
      *state = new Inst(api, info);
      return Result::ok();
    });
  }
  static void destroy(void* state) noexcept { delete static_cast<Inst*>(state); }

  static dp_status next(void* state, dp_document* d, dp_message* msg) noexcept {
    auto* in = static_cast<Inst*>(state);
    Document doc(in->ctx.host(), d);
    return guarded(in->ctx.host(), msg, DP_DOCUMENT_ERROR, [&] { return in->plugin.next(doc); });
  }
  static dp_status process(void* state, dp_document* d, dp_message* msg) noexcept {
    auto* in = static_cast<Inst*>(state);
    Document doc(in->ctx.host(), d);
    return guarded(in->ctx.host(), msg, DP_DOCUMENT_ERROR,
                   [&] { return in->plugin.process(doc); });
  }
  static dp_status write(void* state, const dp_document* d, dp_message* msg) noexcept {
    auto* in = static_cast<Inst*>(state);
    const Document doc(in->ctx.host(), const_cast<dp_document*>(d));
    return guarded(in->ctx.host(), msg, DP_DOCUMENT_ERROR, [&] { return in->plugin.write(doc); });
  }
  static dp_status finish(void* state, dp_message* msg) noexcept {
    auto* in = static_cast<Inst*>(state);
    return guarded(in->ctx.host(), msg, DP_COMPONENT_ERROR, [&] { return in->plugin.finish(); });
  }

  static dp_status checkpoint(void* state, dp_message* msg) noexcept {
    auto* in = static_cast<Inst*>(state);
    return guarded(in->ctx.host(), msg, DP_COMPONENT_ERROR, [&] { return in->plugin.checkpoint(); });
  }

  static dp_plugin describe() noexcept {
    dp_plugin p{};
    p.struct_size = sizeof(dp_plugin);
    p.abi_major = DOCPIPE_ABI_MAJOR;
    p.abi_minor = DOCPIPE_ABI_MINOR;
    p.sdk_version = DOCPIPE_SDK_VERSION;
    p.id = T::id;
    p.kind = T::kind;
    p.version = T::version;
    p.license = T::license;
    p.description = T::description;
    if constexpr (requires { T::params; }) {
      p.params = T::params;
      p.param_count = std::size(T::params);
    }
    if constexpr (requires { T::needs; }) p.needs = T::needs;
    if constexpr (requires { T::provides; }) p.provides = T::provides;
    if constexpr (requires { T::flags; }) p.flags = T::flags;
    p.create = &create;
    p.destroy = &destroy;
    if constexpr (T::kind == DP_KIND_SOURCE) p.next = &next;
    if constexpr (T::kind == DP_KIND_TRANSFORM || T::kind == DP_KIND_SEGMENT) p.process = &process;
    if constexpr (T::kind == DP_KIND_SINK) p.write = &write;
    if constexpr (requires(T& t) { t.finish(); }) p.finish = &finish;
    if constexpr (requires(T& t) { t.checkpoint(); }) p.checkpoint = &checkpoint;
    return p;
  }
};

template <class... T>
const dp_plugin_list* plugin_list() noexcept {
  static const dp_plugin table[] = {Adapter<T>::describe()...};
  static const dp_plugin_list list{sizeof(dp_plugin_list), sizeof...(T), table};
  return &list;
}

}  // namespace detail
}  // namespace docpipe

//! Exports the plugin classes of one library: DOCPIPE_PLUGINS(A, B, C).
#define DOCPIPE_PLUGINS(...)                                  \
  DOCPIPE_PLUGIN_ENTRY(docpipe_host_api_) {                   \
    (void)docpipe_host_api_;                                  \
    return ::docpipe::detail::plugin_list<__VA_ARGS__>();     \
  }

//! Exports the one plugin class of a library.
#define DOCPIPE_PLUGIN(T) DOCPIPE_PLUGINS(T)

#endif  // DOCPIPE_PLUGIN_HPP
