// export.sqlite's store: documents/s for 2 KB documents (half English, half
// Chinese) with the FTS5 index on. Each iteration writes the whole corpus
// into a fresh database file (open, schema, batched upserts, commit, close).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "corpus.hpp"
#include "document_row.hpp"
#include "store.hpp"

namespace {

using namespace docpipe::sqlite;
using docpipe::bench::GeneratedDoc;

// 20,000 documents; DOCPIPE_BENCH_DOCS makes it smaller, e.g. for a run under callgrind.
size_t corpus_size() {
  const char* env = std::getenv("DOCPIPE_BENCH_DOCS");
  size_t n = env != nullptr ? std::strtoul(env, nullptr, 10) : 0;
  return n > 0 ? n : 20000;
}

const std::vector<GeneratedDoc>& corpus() {
  static const std::vector<GeneratedDoc> docs = docpipe::bench::generate_corpus(corpus_size(), 2048, 42);
  return docs;
}

std::string bench_dir() {
  const char* env = std::getenv("DOCPIPE_BENCH_DIR");  // e.g. a disk instead of /tmp
  std::filesystem::path dir = env != nullptr ? env : std::filesystem::temp_directory_path();
  return (dir / ("export-sqlite-bench-" + std::to_string(getpid()))).string();
}

void fill(const GeneratedDoc& d, DocumentRow& row, bool sentences) {
  row.clear();
  row.id = d.id;
  row.url = d.url;
  row.source = d.url;
  row.title = d.title;
  row.lang = d.lang;
  row.content_type = "text/html";
  row.charset = "UTF-8";
  row.text = d.text;
  row.http_status = 200;
  row.fetch_time_ms = 1714566896789;
  row.meta.push_back({"title", d.title, false});
  row.meta.push_back({"lang", d.lang, false});
  row.meta.push_back({"charset", "UTF-8", false});
  row.meta.push_back({"description", std::string_view(d.text).substr(0, 120), false});
  if (sentences) {
    // About ten sentence segments per document, as segment.sentences would add.
    uint64_t step = d.text.size() / 10;
    for (int64_t i = 0; i < 10; ++i) {
      uint64_t b = static_cast<uint64_t>(i) * step;
      row.segments.push_back({"sentence", i, b, b + step, std::string_view(d.text).substr(b, step)});
    }
  }
}

void write_corpus(benchmark::State& state, Tokenizer tokenizer, bool sentences) {
  const auto& docs = corpus();
  std::string dir = bench_dir();
  DocumentRow row;
  int64_t bytes = 0;
  for (const auto& d : docs) bytes += static_cast<int64_t>(d.text.size());
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
    StoreOptions o;
    o.path = dir + "/store.db";
    o.tokenizer = tokenizer;
    o.batch = static_cast<uint64_t>(state.range(0));
    o.pipeline = "bench";
    Store store(o);
    for (const auto& d : docs) {
      fill(d, row, sentences);
      std::string failed = store.upsert(row);
      if (!failed.empty()) state.SkipWithError(failed.c_str());
    }
    store.finish();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(docs.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * bytes);
  std::filesystem::remove_all(dir);
}

void BM_StoreTrigram(benchmark::State& state) { write_corpus(state, Tokenizer::trigram, false); }
void BM_StoreTrigramSentences(benchmark::State& state) { write_corpus(state, Tokenizer::trigram, true); }
void BM_StoreUnicode61(benchmark::State& state) { write_corpus(state, Tokenizer::unicode61, false); }

BENCHMARK(BM_StoreTrigram)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StoreTrigramSentences)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StoreUnicode61)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
