// export.jsonl with zstd on one core: records of 2-8 KB of word-like text
// (English-like words with some Chinese), laid out as export.jsonl writes
// them and written through RollingOutput to a real file. Throughput counts
// the documents' text bytes, the figure the target is stated in.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <zstd.h>

#include <docpipe_output/rolling_output.hpp>

#include "jsonl_record.hpp"

namespace {

struct BenchDocument {
  struct Meta {
    std::string_view key;
    std::string_view value;
    bool is_json;
  };
  struct Segment {
    std::string_view kind;
    uint64_t begin;
    uint64_t end;
  };
  std::string id_, text_, source_, url_;
  std::vector<Meta> meta_;
  std::string_view id() const { return id_; }
  std::string_view text() const { return text_; }
  std::string_view source() const { return source_; }
  std::string_view url() const { return url_; }
  std::string_view content_type() const { return "text/html"; }
  std::string_view charset() const { return "UTF-8"; }
  int64_t http_status() const { return 200; }
  int64_t fetch_time_ms() const { return 1714566896789; }
  size_t meta_count() const { return meta_.size(); }
  Meta meta_at(size_t i) const { return meta_[i]; }
  size_t segment_count() const { return 0; }
  Segment segment(size_t) const { return {}; }
};

// 1,000 documents of 2-8 KB: Zipf-like draws from a vocabulary of made-up
// words (so zstd sees text-like redundancy, not repeats), with a Chinese
// sentence now and then, quotes and newlines that need escaping.
const std::vector<BenchDocument>& documents() {
  static const std::vector<BenchDocument> docs = [] {
    std::mt19937_64 rng(42);
    std::vector<std::string> vocabulary;
    const char* syllables[] = {"ka", "ri", "ver", "sto", "ne", "mar", "lo", "en", "tha", "ble", "cu", "pro", "de", "ing", "ter", "al"};
    for (int i = 0; i < 5000; ++i) {
      std::string w;
      int n = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < n; ++k) w += syllables[rng() % 16];
      vocabulary.push_back(w);
    }
    const char* chinese = "西湖区老旧小区改造完成首批加装电梯，居民表示满意。";
    std::vector<BenchDocument> out;
    for (int d = 0; d < 1000; ++d) {
      BenchDocument doc;
      doc.id_ = "crawl/2024/05/page-" + std::to_string(d) + ".html";
      doc.source_ = "/data/" + doc.id_;
      doc.url_ = "https://example.com/" + doc.id_;
      size_t target = 2048 + rng() % 6144;
      while (doc.text_.size() < target) {
        double u = std::uniform_real_distribution<double>(0, 1)(rng);
        size_t index = static_cast<size_t>(vocabulary.size() * u * u * u);  // skewed toward common words
        doc.text_ += vocabulary[index];
        uint64_t r = rng() % 100;
        doc.text_ += r < 80 ? " " : r < 90 ? ", " : r < 96 ? ". " : r < 98 ? "\n\n" : " \"";
        if (rng() % 200 == 0) doc.text_ += chinese;
      }
      doc.meta_ = {{"title", "A page title for the benchmark", false}, {"lang", "en", false}};
      out.push_back(std::move(doc));
    }
    return out;
  }();
  return docs;
}

void run(benchmark::State& state, const std::string& suffix, int level) {
  const auto& docs = documents();
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("docpipe-export-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  docpipe::jsonl::Layout layout;
  std::string record;
  uint64_t text_bytes = 0, out_bytes = 0, parts = 0;
  for (auto _ : state) {
    docpipe::output::OutputOptions options;
    options.path_template = (dir / ("out-" + std::to_string(parts++) + suffix)).string();
    options.level = level;
    docpipe::output::RollingOutput out(options);
    for (const BenchDocument& doc : docs) {
      record.clear();
      docpipe::jsonl::append_document_record(record, doc, layout);
      out.write(record);
      out.end_record();
      text_bytes += doc.text_.size();
    }
    out.finish();
    out_bytes += std::filesystem::file_size(out.committed()[0]);
    std::filesystem::remove(out.committed()[0]);
  }
  std::filesystem::remove_all(dir);
  state.SetBytesProcessed(static_cast<int64_t>(text_bytes));
  state.counters["ratio"] = benchmark::Counter(static_cast<double>(text_bytes) / static_cast<double>(out_bytes ? out_bytes : 1));
}

// The library alone: the same JSONL bytes, built once, compressed in the
// pieces RollingOutput hands over (256 KiB) with the encoder's settings
// (level, checksum), output discarded. No escaping, no copies, no file: the
// ceiling for BM_JsonlZstd at that level on this CPU.
void BM_ZstdOnly(benchmark::State& state) {
  const auto& docs = documents();
  std::string jsonl;
  uint64_t text_bytes = 0;
  docpipe::jsonl::Layout layout;
  for (const BenchDocument& doc : docs) {
    docpipe::jsonl::append_document_record(jsonl, doc, layout);
    text_bytes += doc.text_.size();
  }
  std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(ZSTD_createCCtx(), &ZSTD_freeCCtx);
  std::string out(ZSTD_CStreamOutSize(), '\0');
  uint64_t out_bytes = 0;
  for (auto _ : state) {
    ZSTD_CCtx_reset(cctx.get(), ZSTD_reset_session_only);
    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, static_cast<int>(state.range(0)));
    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
    for (size_t at = 0; at < jsonl.size(); at += 256 * 1024) {
      size_t piece = std::min<size_t>(256 * 1024, jsonl.size() - at);
      bool last = at + piece == jsonl.size();
      ZSTD_inBuffer in{jsonl.data() + at, piece, 0};
      size_t remaining = 1;
      while (in.pos < in.size || (last && remaining != 0)) {
        ZSTD_outBuffer o{out.data(), out.size(), 0};
        remaining = ZSTD_compressStream2(cctx.get(), &o, &in, last ? ZSTD_e_end : ZSTD_e_continue);
        if (ZSTD_isError(remaining)) state.SkipWithError(ZSTD_getErrorName(remaining));
        out_bytes += o.pos;
        benchmark::DoNotOptimize(out.data());
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(text_bytes * state.iterations()));
  state.counters["ratio"] = benchmark::Counter(static_cast<double>(text_bytes * state.iterations()) /
                                               static_cast<double>(out_bytes ? out_bytes : 1));
}

void BM_JsonlZstd(benchmark::State& state) { run(state, ".jsonl.zst", static_cast<int>(state.range(0))); }
void BM_JsonlPlain(benchmark::State& state) { run(state, ".jsonl", -1); }
void BM_JsonlGzip(benchmark::State& state) { run(state, ".jsonl.gz", -1); }

}  // namespace

// -1: the sink's default zstd level; others explicit.
BENCHMARK(BM_JsonlZstd)->Arg(-1)->Arg(3)->Arg(1)->Arg(-3)->Arg(-5)->Arg(-10)->Arg(-20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ZstdOnly)->Arg(3)->Arg(1)->Arg(-1)->Arg(-2)->Arg(-3)->Arg(-5)->Arg(-10)->Arg(-20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JsonlPlain)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JsonlGzip)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
