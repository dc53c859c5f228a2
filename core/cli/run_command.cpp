#include <cstdio>
#include <filesystem>
#include <memory>
#include <fstream>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "../errors.hpp"
#include "../executor.hpp"
#include "../logging.hpp"
#include "../params.hpp"
#include "../resume/shard_env.hpp"
#include "../resume/shard_state.hpp"
#include "../resume/state_location.hpp"
#include "../signals.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace docpipe::cli {
namespace {

void parse_shard(const std::string& text, RunOptions& o) {
  if (text == "auto") {
    ShardFromEnv s = shard_from_env();
    o.shard_index = s.index;
    o.shard_count = s.count;
    make_logger("docpipe")->info("shard {}/{} from {}", s.index, s.count, s.origin);
    return;
  }
  unsigned i = 0, n = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%u/%u%c", &i, &n, &extra) != 2 || n == 0 || i >= n)
    throw ConfigError("--shard " + text + ": expected I/N with 0 <= I < N (e.g. 0/4), or auto");
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

With --state, a run keeps a state directory (default: _docpipe_state beside
the first sink's output) so that a killed run or shard, rerun, skips the
documents already committed and loses none; a finished shard, rerun, does
nothing. See docs/scale.md.

Exit codes: 0 ok; 1 usage or config error; 2 plugin load error; 3 more
documents failed than --max-failed; 4 a plugin could not start or stopped
working; 130 interrupted (SIGINT/SIGTERM; documents read were drained and
outputs committed).

Options)";

}  // namespace

int run_command(const std::vector<std::string>& args) {
  return guarded([&] {
    CommonOptions common;
    std::string pipeline_arg, stats_file, progress = "auto", shard = "0/1", queue_bytes, state_dir,
        checkpoint_interval = "60s";
    uint64_t checkpoint_docs = 100000;
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
        ("shard", po::value(&shard)->default_value("0/1"), "run shard I of N: sources read only their part; auto: from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, ...")
        ("state", po::value(&state_dir)->implicit_value(""), "keep resume state (a killed run, rerun, resumes) in this directory; without one, _docpipe_state beside the first sink's output")
        ("checkpoint-docs", po::value(&checkpoint_docs)->default_value(100000), "resumable runs: commit after this many documents (0: never by count)")
        ("checkpoint-interval", po::value(&checkpoint_interval)->default_value("60s"), "resumable runs: commit at least this often (0: never by time)")
        ("queue-docs", po::value(&queue_docs), "documents per queue (default: 4 x threads, at least 16)")
        ("queue-bytes", po::value(&queue_bytes), "bytes in both queues together (default 256MiB)");
    common.add_to(desc);
    po::positional_options_description pos;
    pos.add("pipeline", 1);
    po::variables_map vm = parse(args, desc, pos, "run");
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

    auto interval_ms = parse_duration_ms(checkpoint_interval);
    if (!interval_ms || *interval_ms < 0)
      throw ConfigError("--checkpoint-interval " + checkpoint_interval + ": expected a duration such as 60s or 5m");
    options.checkpoint_docs = checkpoint_docs;
    options.checkpoint_seconds = static_cast<double>(*interval_ms) / 1000.0;

    LoadedPipeline lp = load_pipeline(pipeline_arg, common.plugin_paths, sets);
    auto log = make_logger("docpipe");
    log->info("pipeline '{}': {}", lp.pipeline.name, describe_chain(lp.pipeline));
    if (lp.pipeline.errors_defaulted)
      log->debug("failed documents go to {}", lp.pipeline.errors.config->find("path")->text);

    // Resume state only when asked: it changes how outputs are named (a part per checkpoint).
    std::unique_ptr<ShardState> state;
    if (vm.count("state") > 0) {
      std::filesystem::path root = state_dir.empty() ? default_state_dir(lp.pipeline) : std::filesystem::path(state_dir);
      state = std::make_unique<ShardState>(root, options.shard_index, options.shard_count, lp.pipeline.name,
                                           pipeline_fingerprint(pipeline_arg, sets));
      if (state->finished()) {
        std::fprintf(stderr, "docpipe: shard %u/%u is already finished (state %s): nothing to do\n",
                     options.shard_index, options.shard_count, state->dir().c_str());
        return static_cast<int>(kExitOk);
      }
      log->info("state {} (attempt {}, {} documents committed before)", state->dir().string(), state->attempt(),
                state->committed_documents());
      state->write_status("running", std::nullopt);
      options.state = state.get();
    }
    install_stop_signals();
    options.stop = &stop_flag();
    RunStats stats;
    try {
      stats = run_pipeline(lp.pipeline, options);
    } catch (const std::exception&) {
      if (state) state->write_status("failed", static_cast<int>(kExitComponentError));
      throw;
    }

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
    if (state) {
      try {
        state->write_stats(stats_to_json(stats, code));
        state->write_status(state->finished() ? "done" : stats.interrupted ? "interrupted" : "failed", code);
      } catch (const std::exception& e) {
        log->error("cannot record the shard's state in {}: {}", state->dir().string(), e.what());
        if (code == kExitOk) code = kExitComponentError;
      }
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
