// Plugins that exist to test the host: a counting source, stages that fail,
// throw, drop or shuffle timing on purpose, and a sink that records what it
// gets. They are built against the public SDK only, like any plugin.
#include <docpipe/plugin.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

using docpipe::Context;
using docpipe::Document;
using docpipe::Param;
using docpipe::Result;

// Emits documents doc-00000, doc-00001, ... with raw bytes of a given size.
class Counter final : public docpipe::Source {
 public:
  static constexpr const char* id = "test.counter";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description = "Emits numbered documents (test plugin)";
  static constexpr dp_param_spec params[] = {
      Param("count", DP_PARAM_INT, "documents to emit; -1 for endless").def("10").range("-1", nullptr),
      Param("size", DP_PARAM_SIZE, "raw bytes per document").def("64"),
      Param("fail_every", DP_PARAM_INT, "every k-th document fails at the source; 0 never").def("0"),
      Param("component_error_at", DP_PARAM_INT, "report a component error at this document; -1 never").def("-1"),
      Param("ready_file", DP_PARAM_PATH, "file created after ready_after documents"),
      Param("ready_after", DP_PARAM_INT, "documents before ready_file appears").def("1"),
  };
  static constexpr const char* provides[] = {"raw", nullptr};

  explicit Counter(Context& ctx)
      : ctx_(ctx),
        count_(ctx.params().integer("count")),
        size_(ctx.params().size("size")),
        fail_every_(ctx.params().integer("fail_every")),
        component_error_at_(ctx.params().integer("component_error_at")),
        ready_after_(ctx.params().integer("ready_after")) {
    if (ctx.params().is_set("ready_file")) ready_file_ = ctx.params().string("ready_file");
  }

  Result next(Document& doc) {
    // Shard k % N, like every source.
    while (n_ % ctx_.shard_count() != ctx_.shard_index()) ++n_;
    if (count_ >= 0 && n_ >= count_) return Result::end();
    int64_t k = n_++;
    if (k == component_error_at_) return Result::component_error("counter broke at " + std::to_string(k));
    char id[32];
    std::snprintf(id, sizeof id, "doc-%05lld", static_cast<long long>(k));
    doc.set_id(id);
    doc.set_source(std::string("counter:") + id);
    std::string raw(size_, 'x');
    std::string label = std::string(id) + " ";
    raw.replace(0, std::min(raw.size(), label.size()), label.substr(0, std::min(raw.size(), label.size())));
    doc.set_raw(raw);
    ++emitted_;
    if (!ready_file_.empty() && emitted_ == ready_after_) std::ofstream(ready_file_) << emitted_;
    if (fail_every_ > 0 && (k + 1) % fail_every_ == 0) return Result::document_error("source failed on purpose");
    return Result::ok();
  }

 private:
  Context& ctx_;
  int64_t count_;
  uint64_t size_;
  int64_t fail_every_;
  int64_t component_error_at_;
  int64_t ready_after_;
  std::string ready_file_;
  int64_t n_ = 0;
  int64_t emitted_ = 0;
};

// Copies raw bytes to text so sinks have something to write.
class TextFromRaw final : public docpipe::Transform {
 public:
  static constexpr const char* id = "test.text";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description = "Copies raw to text (test plugin)";
  static constexpr const char* needs[] = {"raw", nullptr};
  static constexpr const char* provides[] = {"text", nullptr};
  explicit TextFromRaw(Context&) {}
  Result process(Document& doc) {
    doc.set_text(doc.raw());
    doc.release(DP_FIELD_RAW);
    return Result::ok();
  }
};

// Fails, drops or throws on every k-th document (by sequence).
class Misbehave final : public docpipe::Transform {
 public:
  static constexpr const char* id = "test.misbehave";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description = "Fails, drops or throws on purpose (test plugin)";
  static constexpr dp_param_spec params[] = {
      Param("every", DP_PARAM_INT, "act on every k-th document (by sequence, from 1)").def("2").range("1", nullptr),
      Param("action", DP_PARAM_ENUM, "what to do").choices("error|drop|throw|bad_alloc|component_error").def("error"),
  };
  static constexpr const char* needs[] = {"text", nullptr};
  explicit Misbehave(Context& ctx)
      : every_(ctx.params().integer("every")), action_(ctx.params().string("action")) {}
  Result process(Document& doc) {
    if ((doc.sequence() + 1) % every_ != 0) return Result::ok();
    if (action_ == "drop") return Result::dropped("dropped on purpose");
    if (action_ == "throw") throw std::runtime_error("thrown on purpose");
    if (action_ == "bad_alloc") throw std::bad_alloc();
    if (action_ == "component_error") return Result::component_error("broken on purpose");
    return Result::document_error("failed on purpose");
  }

 private:
  int64_t every_;
  std::string action_;
};

// Sleeps a varying time per document so workers finish out of order.
class Jitter final : public docpipe::Transform {
 public:
  static constexpr const char* id = "test.jitter";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description = "Varies processing time per document (test plugin)";
  static constexpr dp_param_spec params[] = {
      Param("max", DP_PARAM_DURATION, "longest delay").def("3ms"),
  };
  static constexpr uint32_t flags = DP_FLAG_THREAD_SAFE;
  explicit Jitter(Context& ctx) : max_us_(ctx.params().duration("max").count() * 1000) {}
  Result process(Document& doc) {
    if (max_us_ > 0) {
      int64_t us = (doc.sequence() * 7919) % max_us_;
      std::this_thread::sleep_for(std::chrono::microseconds(us));
    }
    return Result::ok();
  }

 private:
  int64_t max_us_;
};

// Appends "id<TAB>status<TAB>stage<TAB>message" lines; optionally slow.
class Collect final : public docpipe::Sink {
 public:
  static constexpr const char* id = "test.collect";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description = "Records the documents it gets (test plugin)";
  static constexpr dp_param_spec params[] = {
      Param("path", DP_PARAM_PATH, "file to write").required(),
      Param("delay", DP_PARAM_DURATION, "time spent per document").def("0ms"),
      Param("fail_create", DP_PARAM_BOOL, "refuse to start").def("false"),
      Param("fail_every", DP_PARAM_INT, "fail every k-th document written (by count, from 1); 0 never").def("0"),
  };
  explicit Collect(Context& ctx)
      : delay_(ctx.params().duration("delay")), fail_every_(ctx.params().integer("fail_every")) {
    if (ctx.params().boolean("fail_create")) throw std::runtime_error("refusing to start on purpose");
    out_.open(std::string(ctx.params().string("path")), std::ios::binary | std::ios::trunc);
    if (!out_) throw std::runtime_error("cannot open output");
  }
  Result write(const Document& doc) {
    if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
    if (fail_every_ > 0 && ++writes_ % fail_every_ == 0) return Result::document_error("sink failed on purpose");
    out_ << doc.id() << '\t' << static_cast<int>(doc.status()) << '\t' << doc.stage() << '\t'
         << doc.message() << '\n';
    return Result::ok();
  }
  Result finish() {
    out_.flush();
    return out_ ? Result::ok() : Result::component_error("write failed");
  }

 private:
  std::chrono::milliseconds delay_;
  int64_t fail_every_;
  int64_t writes_ = 0;
  std::ofstream out_;
};

}  // namespace

DOCPIPE_PLUGINS(Counter, TextFromRaw, Misbehave, Jitter, Collect)
