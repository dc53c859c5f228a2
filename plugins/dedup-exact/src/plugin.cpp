// dedup.exact: drops documents whose normalised text was seen before. scope=run keeps a set shared
// by all workers of one run; across shards, scope=signature writes the key in dedup.minhash's
// signature format (one band), docpipe-dedup finds the groups, and scope=filter drops all but the
// smallest id of each.
#include <docpipe/plugin.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "dedup_files.hpp"
#include "exact_key.hpp"

namespace docpipe::dedup {
namespace {

class DedupExact final : public Transform {
 public:
  static constexpr const char* id = "dedup.exact";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Drops documents whose normalised text repeats: within a run, or across shards with "
      "docpipe-dedup";
  static constexpr dp_param_spec params[] = {
      Param("scope", DP_PARAM_ENUM,
            "run: one set shared by the run's workers; signature/filter: the cross-shard stages")
          .choices("run|signature|filter")
          .def("run"),
      Param("dir", DP_PARAM_PATH, "Work directory for scope=signature and scope=filter"),
      Param("nfkc", DP_PARAM_BOOL, "Unicode NFKC before comparing").def("true"),
      Param("lowercase", DP_PARAM_BOOL, "Ignore letter case").def("true"),
      Param("whitespace", DP_PARAM_BOOL, "Collapse runs of white space, trim both ends")
          .def("true"),
      Param("punctuation", DP_PARAM_BOOL, "Ignore punctuation and symbols").def("false"),
      Param("digits", DP_PARAM_BOOL, "Ignore which digits (every digit compares as 0)")
          .def("false"),
  };
  static constexpr const char* needs[] = {"text", nullptr};
  // One instance serves every worker, so that scope=run sees all of the run's documents.
  static constexpr uint32_t flags = DP_FLAG_THREAD_SAFE;

  explicit DedupExact(Context& ctx) : scope_(ctx.params().string("scope")) {
    const Params& p = ctx.params();
    options_ = {p.boolean("nfkc"), p.boolean("lowercase"), p.boolean("whitespace"),
                p.boolean("punctuation"), p.boolean("digits")};
    if (scope_ == "run") return;
    if (!p.is_set("dir")) throw std::runtime_error("scope=" + scope_ + " needs dir=");
    std::string dir(p.string("dir"));
    if (scope_ == "filter") {
      removed_.emplace(dir);
      return;
    }
    std::filesystem::create_directories(dir + "/signatures");
    writer_.emplace(dir + "/signatures/exact-" + std::to_string(ctx.shard_index()) + "of" +
                        std::to_string(ctx.shard_count()) + "-a" + std::to_string(ctx.attempt()) +
                        ".sig",
                    1);
  }

  Result process(Document& doc) {
    if (removed_) {
      const std::string* kept = removed_->kept_instead(doc.id());
      return kept == nullptr ? Result::ok() : Result::dropped("exact duplicate of " + *kept);
    }
    thread_local std::string scratch;
    std::optional<ExactKey> key = exact_key(doc.text(), options_, scratch);
    if (!key) return Result::ok();
    if (writer_) {
      std::lock_guard lock(write_mutex_);
      writer_->write(doc.id(), {key->lo});
      return Result::ok();
    }
    if (auto first = seen_.insert(*key, doc.id()))
      return Result::dropped("exact duplicate of " + *first);
    return Result::ok();
  }

  Result finish() {
    std::lock_guard lock(write_mutex_);
    if (writer_) writer_->close();
    return Result::ok();
  }

 private:
  std::string scope_;
  curation::NormalizeOptions options_;
  SeenKeys seen_;
  std::optional<RemovedDocuments> removed_;
  std::mutex write_mutex_;
  std::optional<SignatureWriter> writer_;
};

}  // namespace
}  // namespace docpipe::dedup

DOCPIPE_PLUGIN(docpipe::dedup::DedupExact)
