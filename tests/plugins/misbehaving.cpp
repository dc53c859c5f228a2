// Plugins that misbehave the way real plugins do when they break: they crash,
// abort, exit, hang, leak, run out of memory, print to stdout, or (sinks) fail
// a document or stop working. Each misbehaves only on the documents chosen by
// `on` (ids) and `every` (every k-th by sequence, from 1), so a test knows
// exactly which documents the host must fail. Built against the public SDK
// only, like a plugin written out of tree.
#include <unistd.h>
#include <docpipe/plugin.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using docpipe::Context;
using docpipe::Document;
using docpipe::Param;
using docpipe::Result;

// The two rows every plugin here starts its parameter table with.
constexpr dp_param_spec choice_on =
    Param("on", DP_PARAM_LIST, "ids of the documents to misbehave on");
constexpr dp_param_spec choice_every =
    Param("every", DP_PARAM_INT,
          "also misbehave on every k-th document (by sequence, from 1); 0 never")
        .def("0")
        .range("0", nullptr);

// Which documents a plugin misbehaves on.
class Choice {
 public:
  explicit Choice(const Context& ctx)
      : ids_(ctx.params().list("on")), every_(ctx.params().integer("every")) {}
  bool chosen(const Document& doc) const {
    if (every_ > 0 && (doc.sequence() + 1) % every_ == 0) return true;
    return std::find(ids_.begin(), ids_.end(), doc.id()) != ids_.end();
  }

 private:
  std::vector<std::string> ids_;
  int64_t every_;
};

// The stages below stand where a real transform would be: they turn raw into
// text, so `test.counter ! <stage> ! export.jsonl` is a valid pipeline.
void give_text(Document& doc) {
  if (doc.text().empty()) doc.set_text(doc.raw());
}

constexpr const char* needs_raw[] = {"raw", nullptr};
constexpr const char* provides_text[] = {"text", nullptr};

// What the misbehaving transforms share: they call Self::misbehave(doc) on the
// chosen documents (a non-ok result fails the document) and pass raw on as text.
template <class Self>
class OnChosen : public docpipe::Transform {
 public:
  static constexpr const char* version = "1.0.0";
  static constexpr const char* license = "MIT";
  static constexpr const auto& needs = needs_raw;
  static constexpr const auto& provides = provides_text;
  explicit OnChosen(const Context& ctx) : choice_(ctx) {}
  Result process(Document& doc) {
    if (choice_.chosen(doc)) {
      Result r = static_cast<Self*>(this)->misbehave(doc);
      if (r.status() != DP_OK) return r;
    }
    give_text(doc);
    return Result::ok();
  }

 private:
  Choice choice_;
};

int* volatile null_pointer = nullptr;

// n bytes, written to so that they count in the process's RSS.
std::unique_ptr<char[]> touched(uint64_t n) {
  auto block = std::make_unique_for_overwrite<char[]>(n);
  std::memset(block.get(), 0x5a, n);
  return block;
}

// A write through NULL: SIGSEGV.
class Segfault final : public OnChosen<Segfault> {
 public:
  static constexpr const char* id = "test.segfault";
  static constexpr const char* description =
      "Writes through a NULL pointer on chosen documents (test plugin)";
  static constexpr dp_param_spec params[] = {
      choice_on,
      choice_every,
      Param("once_file", DP_PARAM_PATH,
            "crash only while this file does not exist (it is created just before)"),
  };
  explicit Segfault(Context& ctx) : OnChosen(ctx), log_(ctx.log()) {
    if (ctx.params().is_set("once_file")) once_file_ = ctx.params().string("once_file");
  }
  Result misbehave(const Document& doc) {
    if (!first_time()) return Result::ok();
    // The last words a crash report should carry.
    log_.warn("writing through NULL on {}", doc.id());
    // Read from a volatile, so the compiler cannot see it is NULL and drop the write.
    volatile int* target = null_pointer;
    *target = 42;
    return Result::ok();
  }

 private:
  bool first_time() const {
    if (once_file_.empty()) return true;
    if (std::ifstream(once_file_)) return false;
    std::ofstream(once_file_) << "crashed once\n";
    return true;
  }

  docpipe::Logger log_;
  std::string once_file_;
};

class Abort final : public OnChosen<Abort> {
 public:
  static constexpr const char* id = "test.abort";
  static constexpr const char* description = "Calls abort() on chosen documents (test plugin)";
  static constexpr dp_param_spec params[] = {choice_on, choice_every};
  explicit Abort(Context& ctx) : OnChosen(ctx) {}
  [[noreturn]] Result misbehave(const Document&) { std::abort(); }
};

class Exit final : public OnChosen<Exit> {
 public:
  static constexpr const char* id = "test.exit";
  static constexpr const char* description = "Calls exit(code) on chosen documents (test plugin)";
  static constexpr dp_param_spec params[] = {
      choice_on,
      choice_every,
      Param("code", DP_PARAM_INT, "exit code").def("7").range("0", "255"),
  };
  explicit Exit(Context& ctx)
      : OnChosen(ctx), code_(static_cast<int>(ctx.params().integer("code"))) {}
  [[noreturn]] Result misbehave(const Document&) { std::exit(code_); }

 private:
  int code_;
};

// Never returns (or returns after `duration`), like a parser in an endless loop.
class Hang final : public OnChosen<Hang> {
 public:
  static constexpr const char* id = "test.hang";
  static constexpr const char* description =
      "Sleeps forever (or for duration) on chosen documents (test plugin)";
  static constexpr dp_param_spec params[] = {
      choice_on,
      choice_every,
      Param("duration", DP_PARAM_DURATION, "how long to sleep; 0 forever").def("0"),
      Param("ready_file", DP_PARAM_PATH, "created when a chosen document starts hanging"),
  };
  static constexpr uint32_t flags = DP_FLAG_THREAD_SAFE;
  explicit Hang(Context& ctx) : OnChosen(ctx), duration_(ctx.params().duration("duration")) {
    if (ctx.params().is_set("ready_file")) ready_file_ = ctx.params().string("ready_file");
  }
  Result misbehave(const Document& doc) {
    // Appended, "id pid" a line, so a test can wait for the hang to start
    // and find the process that hangs.
    if (!ready_file_.empty())
      std::ofstream(ready_file_, std::ios::app) << doc.id() << ' ' << ::getpid() << '\n'
                                                << std::flush;
    if (duration_.count() == 0) {
      for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
    }
    std::this_thread::sleep_for(duration_);
    return Result::ok();
  }

 private:
  std::chrono::milliseconds duration_;
  std::string ready_file_;
};

// Keeps `bytes` per chosen document forever (touched, so it counts in RSS;
// still reachable, so a leak checker does not stop the test at exit).
class Leak final : public OnChosen<Leak> {
 public:
  static constexpr const char* id = "test.leak";
  static constexpr const char* description =
      "Keeps bytes per chosen document forever (test plugin)";
  static constexpr dp_param_spec params[] = {
      choice_on,
      choice_every,
      Param("bytes", DP_PARAM_SIZE, "bytes kept per chosen document").def("1MiB"),
  };
  explicit Leak(Context& ctx) : OnChosen(ctx), bytes_(ctx.params().size("bytes")) {}
  Result misbehave(const Document&) {
    if (bytes_ > 0) kept_.push_back(touched(bytes_));
    return Result::ok();
  }

 private:
  uint64_t bytes_;
  std::vector<std::unique_ptr<char[]>> kept_;
};

// Allocates and touches `size` bytes in 1 MiB pieces on chosen documents, then
// frees them: past a memory cap the allocation fails (std::bad_alloc) or the
// process is seen growing.
class Alloc final : public OnChosen<Alloc> {
 public:
  static constexpr const char* id = "test.alloc";
  static constexpr const char* description =
      "Allocates and touches size bytes on chosen documents (test plugin)";
  static constexpr dp_param_spec params[] = {
      choice_on,
      choice_every,
      Param("size", DP_PARAM_SIZE, "bytes allocated and touched").def("2GiB"),
  };
  explicit Alloc(Context& ctx) : OnChosen(ctx), size_(ctx.params().size("size")) {}
  Result misbehave(const Document&) {
    constexpr uint64_t piece = 1 << 20;
    std::vector<std::unique_ptr<char[]>> pieces;
    for (uint64_t done = 0; done < size_; done += piece) pieces.push_back(touched(piece));
    return Result::ok();
  }

 private:
  uint64_t size_;
};

// Writes to standard output both through stdio and straight to fd 1, as
// plugins wrapping chatty C libraries do.
class Chatty final : public OnChosen<Chatty> {
 public:
  static constexpr const char* id = "test.chatty";
  static constexpr const char* description =
      "Prints to standard output on chosen documents (test plugin)";
  static constexpr dp_param_spec params[] = {choice_on, choice_every};
  static constexpr uint32_t flags = DP_FLAG_THREAD_SAFE;
  explicit Chatty(Context& ctx) : OnChosen(ctx) {}
  Result misbehave(const Document& doc) {
    std::string id(doc.id());
    std::printf("chatty: printf on %s\n", id.c_str());
    std::fflush(stdout);
    // No newline: glued to whatever comes next on the same descriptor.
    std::string raw = "{\"chatty\": \"write(1) on " + id;
    if (::write(STDOUT_FILENO, raw.data(), raw.size()) < 0)
      return Result::document_error("write(1) failed");
    return Result::ok();
  }
};

// Records the ids it gets (one per line) when `path` is set.
class IdLog {
 public:
  explicit IdLog(const Context& ctx) {
    if (!ctx.params().is_set("path")) return;
    out_.open(std::string(ctx.params().string("path")), std::ios::binary | std::ios::trunc);
    if (!out_) throw std::runtime_error("cannot open " + std::string(ctx.params().string("path")));
  }
  void add(const Document& doc) {
    // Flushed per line: the file is right even when the host never calls finish().
    if (out_.is_open()) out_ << doc.id() << '\n' << std::flush;
  }
  Result finish() {
    if (!out_.is_open()) return Result::ok();
    out_.flush();
    return out_ ? Result::ok() : Result::component_error("cannot write the id log");
  }

 private:
  std::ofstream out_;
};

// A sink that breaks for good (a full disk, a lost connection) at the first chosen document.
class SinkBroken final : public docpipe::Sink {
 public:
  static constexpr const char* id = "test.sink_broken";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Sink that reports a component error at a chosen document (test plugin)";
  static constexpr dp_param_spec params[] = {
      choice_on,
      choice_every,
      Param("path", DP_PARAM_PATH, "file listing the ids written before it broke"),
  };
  explicit SinkBroken(Context& ctx) : choice_(ctx), log_(ctx) {}
  Result write(const Document& doc) {
    if (broken_) return Result::component_error("still broken");
    if (choice_.chosen(doc)) {
      broken_ = true;
      return Result::component_error("broke on purpose at " + std::string(doc.id()));
    }
    log_.add(doc);
    return Result::ok();
  }
  Result finish() { return log_.finish(); }

 private:
  Choice choice_;
  IdLog log_;
  bool broken_ = false;
};

// A sink that refuses chosen documents (a record too large, a constraint violated).
class SinkReject final : public docpipe::Sink {
 public:
  static constexpr const char* id = "test.sink_reject";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description = "Sink that fails chosen documents (test plugin)";
  static constexpr dp_param_spec params[] = {
      choice_on,
      choice_every,
      Param("path", DP_PARAM_PATH, "file listing the ids it accepted"),
  };
  explicit SinkReject(Context& ctx) : choice_(ctx), log_(ctx) {}
  Result write(const Document& doc) {
    if (choice_.chosen(doc))
      return Result::document_error("rejected on purpose: " + std::string(doc.id()));
    log_.add(doc);
    return Result::ok();
  }
  Result finish() { return log_.finish(); }

 private:
  Choice choice_;
  IdLog log_;
};

}  // namespace

DOCPIPE_PLUGINS(Segfault, Abort, Exit, Hang, Leak, Alloc, Chatty, SinkBroken, SinkReject)
