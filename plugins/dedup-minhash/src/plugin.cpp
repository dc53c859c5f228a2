// dedup.minhash: the two in-run stages of near-duplicate removal. stage=signature writes each
// document's LSH band hashes to <dir>/signatures/; docpipe-dedup buckets and clusters then write
// <dir>/removed.bin; stage=filter drops the documents listed there.
#include <docpipe/plugin.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "dedup_files.hpp"
#include "minhash.hpp"
#include "text/chars.hpp"

namespace docpipe::dedup {
namespace {

class DedupMinHash final : public Transform {
 public:
  static constexpr const char* id = "dedup.minhash";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Near-duplicate removal by MinHash LSH across shards: stage=signature, then docpipe-dedup, "
      "then stage=filter";
  static constexpr dp_param_spec params[] = {
      Param("stage", DP_PARAM_ENUM,
            "signature: write band hashes; filter: drop what removed.bin lists")
          .choices("signature|filter")
          .required(),
      Param("dir", DP_PARAM_PATH, "Work directory shared by all stages and shards").required(),
      Param("n_grams", DP_PARAM_INT, "Words per shingle").def("5").range("1", "64"),
      Param("cjk_n_grams", DP_PARAM_INT, "Characters per shingle for zh/ja/ko text")
          .def("5")
          .range("1", "64"),
      Param("bands", DP_PARAM_INT, "LSH bands (datatrove num_buckets)")
          .def("14")
          .range("1", "1024"),
      Param("rows", DP_PARAM_INT, "Hashes per band (datatrove hashes_per_bucket)")
          .def("8")
          .range("1", "256"),
      Param("seed", DP_PARAM_INT, "Seed of the hash functions; every shard must use the same")
          .def("1"),
      Param("lang", DP_PARAM_STRING,
            "Language when metadata.lang is absent: auto (CJK by script) or a code")
          .def("auto"),
  };
  static constexpr const char* needs[] = {"text", nullptr};

  explicit DedupMinHash(Context& ctx)
      : dir_(ctx.params().string("dir")), lang_(ctx.params().string("lang")) {
    if (ctx.params().string("stage") == "filter") {
      removed_.emplace(dir_);
      return;
    }
    MinHashConfig c;
    c.n_grams = static_cast<size_t>(ctx.params().integer("n_grams"));
    c.cjk_n_grams = static_cast<size_t>(ctx.params().integer("cjk_n_grams"));
    c.bands = static_cast<size_t>(ctx.params().integer("bands"));
    c.rows = static_cast<size_t>(ctx.params().integer("rows"));
    c.seed = static_cast<uint64_t>(ctx.params().integer("seed"));
    hasher_.emplace(c);
    std::filesystem::create_directories(dir_ + "/signatures");
    std::string name = "sig-" + std::to_string(ctx.shard_index()) + "of" +
                       std::to_string(ctx.shard_count()) + "-a" + std::to_string(ctx.attempt()) +
                       "-w" + std::to_string(ctx.worker_index()) + ".sig";
    writer_.emplace(dir_ + "/signatures/" + name, static_cast<uint32_t>(c.bands));
  }

  Result process(Document& doc) {
    if (removed_) {
      const std::string* kept = removed_->kept_instead(doc.id());
      return kept == nullptr ? Result::ok() : Result::dropped("near-duplicate of " + *kept);
    }
    std::string_view text = doc.text();
    std::string lang(doc.meta("lang").value_or(""));
    if (lang.empty()) lang = lang_;
    bool cjk = lang == "auto" ? !curation::guess_cjk_language(text).empty()
                              : curation::is_cjk_language(lang);
    if (hasher_->signature(text, cjk, minhashes_)) {
      hasher_->band_hashes(minhashes_, bands_);
      writer_->write(doc.id(), bands_);
    }
    return Result::ok();
  }

  Result finish() {
    if (writer_) writer_->close();
    return Result::ok();
  }

 private:
  std::string dir_;
  std::string lang_;
  std::optional<RemovedDocuments> removed_;
  std::optional<MinHasher> hasher_;
  std::optional<SignatureWriter> writer_;
  std::vector<uint32_t> minhashes_;
  std::vector<uint64_t> bands_;
};

}  // namespace
}  // namespace docpipe::dedup

DOCPIPE_PLUGIN(docpipe::dedup::DedupMinHash)
