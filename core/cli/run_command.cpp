#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

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

Every document read ends as ok, dropped, failed (document_error, timeout,
crash, oom, interrupted) or partial (some sinks wrote it, another failed it);
failed and partial documents are listed in the errors sink. With
--isolation process the stages run in worker processes: a stage that crashes,
hangs past --doc-timeout or grows past --worker-memory fails only the document
it held, and its worker is replaced.

Exit codes: 0 ok; 1 usage or config error; 2 plugin load error; 3 more
documents failed than --max-failed (partial ones count); 4 a plugin could not
start or stopped working (other sinks' output is still committed);
130 interrupted (SIGINT/SIGTERM: reading stopped, documents read were drained for
at most --drain-timeout, outputs committed; a second signal exits at once).

Options)";

int64_t duration_option(const std::string& flag, const std::string& text) {
  auto ms = parse_duration_ms(text);
  if (!ms || *ms < 0)
    throw ConfigError(flag + " " + text + ": expected a duration such as 30s, 500ms or 5m");
  return *ms;
}

void apply_isolation_options(RunOptions& o, const std::string& isolation,
                             const std::string& doc_timeout, const std::string& worker_memory,
                             const std::string& drain_timeout) {
  if (isolation == "process")
    o.isolated = true;
  else if (isolation == "none")
    o.isolated = false;
  else if (!isolation.empty())
    throw ConfigError("--isolation " + isolation + ": expected none or process");
  o.doc_timeout_ms = duration_option("--doc-timeout", doc_timeout);
  o.drain_timeout_ms = duration_option("--drain-timeout", drain_timeout);
  auto bytes = parse_size(worker_memory);
  if (!bytes || *bytes < 0)
    throw ConfigError("--worker-memory " + worker_memory + ": expected a size such as 2GiB");
  o.worker_memory = static_cast<uint64_t>(*bytes);
}

// Standard output belongs to the sinks: plugins that print (to fd 1, through
// printf or std::cout) write to stderr instead, and sinks reach the real
// standard output through the run's descriptor (ABI 1.2 run_stdout_fd).
int take_stdout_for_sinks() {
  std::fflush(stdout);
  std::cout.flush();
  int saved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (saved < 0) return STDOUT_FILENO;
  if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    ::close(saved);
    return STDOUT_FILENO;
  }
  return saved;
}

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
    std::string isolation, doc_timeout = "0", worker_memory = "0", drain_timeout = "30s";
    uint32_t crash_retries = 0;
    uint64_t worker_max_docs = 0;
    po::options_description desc(kRunUsage);
    desc.add_options()("pipeline", po::value(&pipeline_arg), "pipeline file or one-line pipeline")(
        "threads,t", po::value(&threads),
        "worker threads (default: the pipeline's threads, else all cores)")(
        "set,s", po::value(&sets)->composing(),
        "override a parameter: instance.param=value (repeatable)")(
        "stats", po::value(&stats_file), "write run statistics as JSON to this file")(
        "progress", po::value(&progress)->default_value("auto"),
        "progress line on stderr: auto (if a terminal), on, off")(
        "max-failed", po::value(&max_failed)->default_value(0),
        "failed documents tolerated before exit code 3")(
        "shard", po::value(&shard)->default_value("0/1"),
        "run shard I of N: sources read only their part; auto: from SLURM_ARRAY_TASK_ID, "
        "JOB_COMPLETION_INDEX, ...")(
        "state", po::value(&state_dir)->implicit_value(""),
        "keep resume state (a killed run, rerun, resumes) in this directory; without one, "
        "_docpipe_state beside the first sink's output")(
        "checkpoint-docs", po::value(&checkpoint_docs)->default_value(100000),
        "resumable runs: commit after this many documents (0: never by count)")(
        "checkpoint-interval", po::value(&checkpoint_interval)->default_value("60s"),
        "resumable runs: commit at least this often (0: never by time)")(
        "queue-docs", po::value(&queue_docs),
        "documents per queue (default: 4 x threads, at least 16)")(
        "queue-bytes", po::value(&queue_bytes), "bytes in both queues together (default 256MiB)")(
        "isolation", po::value(&isolation),
        "where stages run: none (in this process, fastest) or process (worker processes: a crash, "
        "hang or leak costs one document); default: the pipeline's isolation attribute, else none")(
        "doc-timeout", po::value(&doc_timeout)->default_value("0"),
        "longest time the stages may spend on one document, e.g. 30s (0: no limit); over it the "
        "document fails as timeout")(
        "crash-retries", po::value(&crash_retries)->default_value(0),
        "isolation: retry a document that crashed its worker this many times on fresh workers")(
        "worker-memory", po::value(&worker_memory)->default_value("0"),
        "isolation: resident memory a worker may use, e.g. 2GiB (0: no cap); over it the document "
        "fails as oom")(
        "worker-max-docs", po::value(&worker_max_docs)->default_value(0),
        "isolation: replace each worker after this many documents (0: never), to contain leaks")(
        "drain-timeout", po::value(&drain_timeout)->default_value("30s"),
        "after SIGINT/SIGTERM, how long documents already read may take to finish before they fail "
        "as interrupted");
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
      if (!b || *b <= 0)
        throw ConfigError("--queue-bytes " + queue_bytes + ": expected a size such as 256MiB");
      options.queue_bytes = static_cast<size_t>(*b);
    }
    parse_shard(shard, options);
    if (progress == "auto")
      options.progress = isatty(STDERR_FILENO) != 0;
    else if (progress == "on")
      options.progress = true;
    else if (progress != "off")
      throw ConfigError("--progress " + progress + ": expected auto, on or off");

    auto interval_ms = parse_duration_ms(checkpoint_interval);
    if (!interval_ms || *interval_ms < 0)
      throw ConfigError("--checkpoint-interval " + checkpoint_interval +
                        ": expected a duration such as 60s or 5m");
    apply_isolation_options(options, isolation, doc_timeout, worker_memory, drain_timeout);
    options.crash_retries = crash_retries;
    options.worker_max_docs = worker_max_docs;
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
      std::filesystem::path root =
          state_dir.empty() ? default_state_dir(lp.pipeline) : std::filesystem::path(state_dir);
      state =
          std::make_unique<ShardState>(root, options.shard_index, options.shard_count,
                                       lp.pipeline.name, pipeline_fingerprint(pipeline_arg, sets));
      if (state->finished()) {
        std::fprintf(stderr, "docpipe: shard %u/%u is already finished (state %s): nothing to do\n",
                     options.shard_index, options.shard_count, state->dir().c_str());
        return static_cast<int>(kExitOk);
      }
      log->info("state {} (attempt {}, {} documents committed before)", state->dir().string(),
                state->attempt(), state->committed_documents());
      state->write_status("running", std::nullopt);
      options.state = state.get();
    }
    install_stop_signals();
    options.stop = &stop_flag();
    options.stdout_fd = take_stdout_for_sinks();
    RunStats stats;
    try {
      stats = run_pipeline(lp.pipeline, options);
    } catch (const std::exception&) {
      if (state) state->write_status("failed", static_cast<int>(kExitComponentError));
      throw;
    }

    int code = kExitOk;
    if (stats.interrupted)
      code = kExitInterrupted;
    else if (!stats.fatal_error.empty())
      code = kExitComponentError;
    else if (stats.failed + stats.partial > max_failed)
      code = kExitDocumentsFailed;
    std::fputs(stats_summary(stats).c_str(), stderr);
    if (stats.failed > 0)
      std::fprintf(stderr, "  failed documents are listed in %s\n",
                   lp.pipeline.errors.config->find("path")
                       ? lp.pipeline.errors.config->find("path")->text.c_str()
                       : lp.pipeline.errors.name.c_str());
    if (!stats_file.empty()) {
      std::ofstream out(stats_file, std::ios::binary | std::ios::trunc);
      out << stats_to_json(stats, code);
      if (!out) log->error("cannot write stats to {}", stats_file);
    }
    if (state) {
      try {
        state->write_stats(stats_to_json(stats, code));
        state->write_status(state->finished()   ? "done"
                            : stats.interrupted ? "interrupted"
                                                : "failed",
                            code);
      } catch (const std::exception& e) {
        log->error("cannot record the shard's state in {}: {}", state->dir().string(), e.what());
        if (code == kExitOk) code = kExitComponentError;
      }
    }
    if (stats.abandoned_threads > 0) {
      // A thread is still inside a plugin: unloading plugins or running static
      // destructors under it could crash. Everything is committed; leave now.
      std::fflush(stderr);
      std::_Exit(code);
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
    desc.add_options()("pipeline", po::value(&pipeline_arg), "pipeline file or one-line pipeline")(
        "set,s", po::value(&sets)->composing(), "override a parameter: instance.param=value");
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
    std::printf("ok: pipeline '%s': %s\n", lp.pipeline.name.c_str(),
                describe_chain(lp.pipeline).c_str());
    return static_cast<int>(kExitOk);
  });
}

}  // namespace docpipe::cli
