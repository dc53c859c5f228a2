// Host overhead: what the framework itself costs per document and per byte,
// measured with plugins that do almost nothing.
#include <benchmark/benchmark.h>

#include <string>

#include "executor.hpp"
#include "pipeline.hpp"
#include "utf8.hpp"

namespace {

void BM_Utf8ValidateAscii(benchmark::State& state) {
  std::string text(1 << 20, 'a');
  for (auto _ : state) benchmark::DoNotOptimize(docpipe::is_valid_utf8(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_Utf8ValidateAscii);

void BM_Utf8ValidateChinese(benchmark::State& state) {
  std::string text;
  while (text.size() < (1 << 20)) text += "西湖区老旧小区改造完成首批加装电梯，";
  for (auto _ : state) benchmark::DoNotOptimize(docpipe::is_valid_utf8(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_Utf8ValidateChinese);

// A whole run of small documents through source -> 1 stage -> sink on one
// worker: the per-document cost of queues, threads, accounting and the C ABI.
void BM_ExecutorPerDocument(benchmark::State& state) {
  docpipe::PluginRegistry registry;
  registry.load({{DOCPIPE_TEST_PLUGIN_DIR, "bench"}});
  const int64_t docs = state.range(0);
  docpipe::PipelineSpec spec = docpipe::parse_pipeline_inline(
      "test.counter count=" + std::to_string(docs) + " size=2KiB ! test.text ! test.collect path=/dev/null");
  spec.elements.push_back({docpipe::ElementRole::errors, "test.collect", "", {{"path", "/dev/null", ""}}, {}});
  docpipe::Pipeline pipeline = docpipe::resolve_pipeline(spec, registry, {});
  docpipe::RunOptions options;
  options.threads = 1;
  for (auto _ : state) {
    docpipe::RunStats stats = docpipe::run_pipeline(pipeline, options);
    benchmark::DoNotOptimize(stats.ok);
  }
  state.SetItemsProcessed(state.iterations() * docs);
}
BENCHMARK(BM_ExecutorPerDocument)->Arg(20000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
