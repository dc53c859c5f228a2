#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "../errors.hpp"
#include "../executor.hpp"
#include "../logging.hpp"
#include "../signals.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace docpipe::cli {
namespace {

void parse_shard(const std::string& text, RunOptions& o) {
  unsigned i = 0, n = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%u/%u%c", &i, &n, &extra) != 2 || n == 0 || i >= n)
    throw ConfigError("--shard " + text + ": expected I/N with 0 <= I < N (e.g. 0/4)");
  o.shard_index = i;
  o.shard_count = n;
}

const char* kRunUsage = R"(Usage: docpipe run PIPELINE [options]

Runs a pipeline. PIPELINE is an XML file (see docs/pipelines.md) or the
one-line form, e.g.
  docpipe run 'fetch.files path=in/ ! clean.html ! export.jsonl path=out.jsonl'

Memory is bounded: the source feeds an input queue, the workers feed an output
queue; each queue holds at most --queue-docs documents and half of
--queue-bytes, and a full queue makes its producer wait.

Exit codes: 0 ok; 1 usage or config error; 2 plugin load error; 3 more
documents failed than --max-failed; 4 a plugin could not start or stopped
working; 130 interrupted (SIGINT/SIGTERM; documents read were drained and
outputs committed).

Options)";

}  // namespace

int run_command(const std::vector<std::string>& args) {
  return guarded([&] {
    CommonOptions common;
    std::string pipeline_arg, stats_file, progress = "auto", shard = "0/1", queue_bytes;
    std::vector<std::string> sets;
    unsigned threads = 0;
    size_t queue_docs = 0;
    uint64_t max_failed = 0;
    po::options_description desc(kRunUsage);
    desc.add_options()
        ("pipeline", po::value(&pipeline_arg), "pipeline file or one-line pipeline")
        ("threads,t", po::value(&threads), "worker threads (default: the pipeline's threads, else all cores)")
        ("set,s", po::value(&sets)->composing(), "override a parameter: instance.param=value (repeatable)")
        ("stats", po::value(&stats_file), "write run statistics as JSON to this file")
        ("progress", po::value(&progress)->default_value("auto"), "progress line on stderr: auto (if a terminal), on, off")
        ("max-failed", po::value(&max_failed)->default_value(0), "failed documents tolerated before exit code 3")
        ("shard", po::value(&shard)->default_value("0/1"), "run shard I of N: sources read only their part")
        ("queue-docs", po::value(&queue_docs), "documents per queue (default: 4 x threads, at least 16)")
        ("queue-bytes", po::value(&queue_bytes), "bytes in both queues together (default 256MiB)");
    common.add_to(desc);
    po::positional_options_description pos;
    pos.add("pipeline", 1);
    parse(args, desc, pos, "run");
    if (common.help) {
      std::cout << desc << "\n";
      return static_cast<int>(kExitOk);
    }
    common.apply();
    if (pipeline_arg.empty()) throw ConfigError("run: no pipeline given (see: docpipe run --help)");
    RunOptions options;
    options.threads = threads;
    options.queue_docs = queue_docs;
    if (!queue_bytes.empty()) {
      auto b = parse_size(queue_bytes);
      if (!b || *b <= 0) throw ConfigError("--queue-bytes " + queue_bytes + ": expected a size such as 256MiB");
      options.queue_bytes = static_cast<size_t>(*b);
    }
    parse_shard(shard, options);
    if (progress == "auto") options.progress = isatty(STDERR_FILENO) != 0;
    else if (progress == "on") options.progress = true;
    else if (progress != "off") throw ConfigError("--progress " + progress + ": expected auto, on or off");

    LoadedPipeline lp = load_pipeline(pipeline_arg, common.plugin_paths, sets);
    auto log = make_logger("docpipe");
    log->info("pipeline '{}': {}", lp.pipeline.name, describe_chain(lp.pipeline));
    if (lp.pipeline.errors_defaulted)
      log->debug("failed documents go to {}", lp.pipeline.errors.config->find("path")->text);
    install_stop_signals();
    options.stop = &stop_flag();
    RunStats stats = run_pipeline(lp.pipeline, options);

    int code = kExitOk;
    if (stats.interrupted) code = kExitInterrupted;
    else if (!stats.fatal_error.empty()) code = kExitComponentError;
    else if (stats.failed > max_failed) code = kExitDocumentsFailed;
    std::fputs(stats_summary(stats).c_str(), stderr);
    if (stats.failed > 0)
      std::fprintf(stderr, "  failed documents are listed in %s\n",
                   lp.pipeline.errors.config->find("path") ? lp.pipeline.errors.config->find("path")->text.c_str()
                                                           : lp.pipeline.errors.name.c_str());
    if (!stats_file.empty()) {
      std::ofstream out(stats_file, std::ios::binary | std::ios::trunc);
      out << stats_to_json(stats, code);
      if (!out) log->error("cannot write stats to {}", stats_file);
    }
    return code;
  });
}

int validate_command(const std::vector<std::string>& args) {
  return guarded([&] {
    CommonOptions common;
    std::string pipeline_arg;
    std::vector<std::string> sets;
    po::options_description desc(
        "Usage: docpipe validate PIPELINE [options]\n\n"
        "Loads the plugins and checks the pipeline without running it: XML, plugin\n"
        "ids and kinds, every parameter against its plugin's table, and that each\n"
        "element's needs are provided upstream. Exits non-zero on any problem.\n\nOptions");
    desc.add_options()
        ("pipeline", po::value(&pipeline_arg), "pipeline file or one-line pipeline")
        ("set,s", po::value(&sets)->composing(), "override a parameter: instance.param=value");
    common.add_to(desc);
    po::positional_options_description pos;
    pos.add("pipeline", 1);
    parse(args, desc, pos, "validate");
    if (common.help) {
      std::cout << desc << "\n";
      return static_cast<int>(kExitOk);
    }
    common.apply();
    if (pipeline_arg.empty()) throw ConfigError("validate: no pipeline given");
    LoadedPipeline lp = load_pipeline(pipeline_arg, common.plugin_paths, sets);
    std::printf("ok: pipeline '%s': %s\n", lp.pipeline.name.c_str(), describe_chain(lp.pipeline).c_str());
    return static_cast<int>(kExitOk);
  });
}

}  // namespace docpipe::cli
