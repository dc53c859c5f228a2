// docpipe slurm PIPELINE --tasks N: writes an sbatch script running the
// pipeline as a Slurm job array (one task per shard) and submits it, or
// prints it with --print.
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "../errors.hpp"
#include "../resume/state_location.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "shard_state.hpp"
#include "slurm_script.hpp"

namespace docpipe::cli {
namespace fs = std::filesystem;
namespace {

const char* kSlurmUsage = R"(Usage: docpipe slurm PIPELINE --tasks N [options]

Runs PIPELINE as a Slurm job array of N tasks, one shard each: checks the
pipeline (as docpipe validate does), writes an sbatch script to
STATE/slurm/JOB-NAME.sbatch and submits it with sbatch --parsable, printing
the job id. With --print it prints the script and does nothing else.

Every path in the script is absolute (this docpipe, the pipeline, the state
and log directories); the tasks run in the current directory (--chdir), so
relative paths in the pipeline mean what they mean here. Each task runs
  docpipe run PIPELINE --shard "$SLURM_ARRAY_TASK_ID/N" --state STATE
                       --threads "${SLURM_CPUS_PER_TASK:-1}"
and writes its status and stats to STATE/shard-I-of-N/. Rerun unfinished
shards with --only (e.g. --only 2,5): they resume from their state.
Watch with: docpipe status STATE; merge stats with: docpipe stats merge STATE.

Defaults: --state is docpipe run's (_docpipe_state beside the first sink's
output), --logs is STATE/slurm/logs (one file per task,
JOB-NAME-JOBID_TASK.out), --job-name is the pipeline's name.

Exit status: 0 submitted (or printed); 1 a bad option or pipeline; 2 a plugin
could not be loaded; 4 sbatch could not be run or refused the job.

Options)";

std::string absolute(const std::string& p) { return fs::absolute(p).lexically_normal().string(); }

// Job names go on an #SBATCH line and into log file names: keep the safe characters.
std::string safe_job_name(const std::string& name) {
  std::string out;
  for (char c : name) out += valid_slurm_name(std::string(1, c)) ? c : '_';
  return out.empty() ? std::string("docpipe") : out;
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct Captured {
  int status = -1;  //!< exit code, or -1 when it could not run
  std::string out, err;
};

// Runs argv (PATH lookup, no shell) and collects both outputs without
// deadlocking on either pipe.
Captured capture(const std::vector<std::string>& argv) {
  Captured c;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return c;
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return c;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    std::vector<char*> args;
    std::vector<std::string> copy = argv;
    for (auto& a : copy) args.push_back(a.data());
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    std::fprintf(stderr, "cannot run %s: %s", args[0], std::strerror(errno));
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (pid < 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return c;
  }
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&c.out, &c.err};
  int open_fds = 2;
  char buf[4096];
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  c.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (c.status == 127 && c.err.rfind("cannot run ", 0) == 0) c.status = -1;  // exec failed
  return c;
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  return s.substr(b);
}

}  // namespace

int slurm_command(const std::vector<std::string>& args) {
  return guarded([&] {
    CommonOptions common;
    std::string pipeline_arg, partition, time, mem, state, logs, job_name, only;
    std::vector<std::string> sets, run_args;
    int64_t tasks = 0, cpus = 0, max_running = 0;
    bool print = false;
    po::options_description desc(kSlurmUsage);
    desc.add_options()
        ("pipeline", po::value(&pipeline_arg), "pipeline file (or one-line pipeline, with --state)")
        ("tasks,n", po::value(&tasks), "number of shards = array tasks (required, >= 1)")
        ("partition,p", po::value(&partition), "Slurm partition")
        ("time", po::value(&time), "time limit per task: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S")
        ("cpus-per-task,c", po::value(&cpus), "CPUs per task; docpipe runs that many worker threads")
        ("mem", po::value(&mem), "memory per task, e.g. 4G")
        ("max-running", po::value(&max_running), "at most K tasks at once (--array=...%K)")
        ("state", po::value(&state), "state directory (default: _docpipe_state beside the first sink's output)")
        ("logs", po::value(&logs), "directory for the per-task logs (default: STATE/slurm/logs)")
        ("job-name,J", po::value(&job_name), "job name (default: the pipeline's name)")
        ("only", po::value(&only), "submit only these array indices, e.g. 2,5-7 (to rerun unfinished shards)")
        ("set,s", po::value(&sets)->composing(), "override a parameter: instance.param=value (repeatable)")
        ("run-arg", po::value(&run_args)->composing(),
         "one more argument for docpipe run in each task, e.g. --run-arg=--max-failed=10 (repeatable)")
        ("print", po::bool_switch(&print), "print the script; write and submit nothing");
    common.add_to(desc);
    po::positional_options_description pos;
    pos.add("pipeline", 1);
    po::variables_map vm = parse(args, desc, pos, "slurm");
    if (common.help) {
      std::cout << desc << "\n";
      return static_cast<int>(kExitOk);
    }
    common.apply();

    if (pipeline_arg.empty()) throw ConfigError("slurm: no pipeline given (see: docpipe slurm --help)");
    if (!vm.count("tasks")) throw ConfigError("slurm: --tasks N is required (N >= 1)");
    if (tasks < 1) throw ConfigError("slurm: --tasks " + std::to_string(tasks) + ": must be >= 1");
    if (tasks > 99999) throw ConfigError("slurm: --tasks " + std::to_string(tasks) + ": at most 99999");
    if (vm.count("cpus-per-task") && cpus < 1) throw ConfigError("slurm: --cpus-per-task must be >= 1");
    if (vm.count("max-running") && max_running < 1) throw ConfigError("slurm: --max-running must be >= 1");
    if (!time.empty() && !valid_slurm_time(time))
      throw ConfigError("slurm: --time " + time + ": expected M, M:S, H:M:S, D-H, D-H:M or D-H:M:S (e.g. 2:00:00)");
    if (!mem.empty() && !valid_slurm_mem(mem))
      throw ConfigError("slurm: --mem " + mem + ": expected a whole number with an optional K, M, G or T (e.g. 4G)");
    if (!partition.empty() && !valid_slurm_name(partition))
      throw ConfigError("slurm: --partition " + partition + ": letters, digits, '.', '_', '-' and '+' only");
    if (!job_name.empty() && !valid_slurm_name(job_name))
      throw ConfigError("slurm: --job-name " + job_name + ": letters, digits, '.', '_', '-' and '+' only");
    std::string array = "0-" + std::to_string(tasks - 1);
    if (!only.empty()) {
      std::string why;
      if (!valid_array_indices(only, static_cast<uint32_t>(tasks), why))
        throw ConfigError("slurm: --only " + only + ": " + why);
      array = only;
    }

    bool is_file = looks_like_pipeline_file(pipeline_arg);
    std::error_code ec;
    if (is_file && !fs::is_regular_file(pipeline_arg, ec))
      throw ConfigError("slurm: " + pipeline_arg + ": no such pipeline file");
    // The same checks as docpipe validate, here, before anything is queued.
    LoadedPipeline lp = load_pipeline(pipeline_arg, common.plugin_paths, sets);

    SlurmJob job;
    job.docpipe = fs::read_symlink("/proc/self/exe", ec).string();
    if (ec) throw ConfigError("slurm: cannot find this docpipe executable: " + ec.message());
    job.pipeline = is_file ? absolute(pipeline_arg) : pipeline_arg;
    job.workdir = fs::current_path().string();
    // The same default as docpipe run --shard, so status and a hand-run shard find it too.
    if (state.empty()) state = default_state_dir(lp.pipeline).string();
    job.state_dir = absolute(state);
    job.logs_dir = logs.empty() ? job.state_dir + "/slurm/logs" : absolute(logs);
    job.job_name = job_name.empty() ? safe_job_name(lp.pipeline.name) : job_name;
    job.tasks = static_cast<uint32_t>(tasks);
    job.array = array;
    job.max_running = static_cast<uint32_t>(max_running);
    job.partition = partition;
    job.time = time;
    job.mem = mem;
    job.cpus_per_task = static_cast<uint32_t>(cpus);
    job.sets = sets;
    job.run_args = run_args;
    for (const auto& entry : common.plugin_paths) {
      size_t start = 0;
      while (start <= entry.size()) {
        size_t colon = entry.find(':', start);
        std::string dir = entry.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        if (!dir.empty()) job.plugin_paths.push_back(absolute(dir));
        if (colon == std::string::npos) break;
        start = colon + 1;
      }
    }
    job.generated_by = "Written by docpipe slurm on " + utc_now() + ".";

    // A state directory holding shards of another count would mix two runs.
    if (fs::is_directory(job.state_dir, ec)) {
      auto count = common_shard_count(list_shard_dirs(job.state_dir));
      if (count && *count != job.tasks)
        throw ConfigError("slurm: " + job.state_dir + " holds shards of a " + std::to_string(*count) +
                          "-task run; use --tasks " + std::to_string(*count) + " or another --state");
    }

    std::string script = slurm_script(job);
    if (print) {
      std::cout << script << std::flush;
      return static_cast<int>(kExitOk);
    }
    // Slurm does not create the log directory; a missing one fails every task.
    fs::path script_file = fs::path(job.state_dir) / "slurm" / (job.job_name + ".sbatch");
    fs::create_directories(script_file.parent_path(), ec);
    if (!ec) fs::create_directories(job.logs_dir, ec);
    if (ec) throw ConfigError("slurm: cannot create " + job.logs_dir + ": " + ec.message());
    {
      std::ofstream out(script_file, std::ios::binary | std::ios::trunc);
      out << script;
      out.close();
      if (!out) throw ConfigError("slurm: cannot write " + script_file.string());
    }
    Captured r = capture({"sbatch", "--parsable", script_file.string()});
    if (r.status != 0) {
      throw ComponentError("slurm: sbatch " + std::string(r.status < 0 ? "could not be run" : "refused the job") +
                           " (script: " + script_file.string() + ")" +
                           (trim(r.err).empty() ? std::string() : ": " + trim(r.err)));
    }
    // --parsable prints "jobid" or "jobid;cluster".
    std::string id = trim(r.out);
    id = id.substr(0, id.find(';'));
    if (!trim(r.err).empty()) std::fprintf(stderr, "%s\n", trim(r.err).c_str());
    std::printf("%s\n", id.c_str());
    std::fprintf(stderr,
                 "docpipe: submitted job array %s (%s of %u tasks); script %s\n"
                 "  watch: %s status %s\n",
                 id.c_str(), array.c_str(), job.tasks, script_file.c_str(), job.docpipe.c_str(),
                 shell_quote(job.state_dir).c_str());
    return static_cast<int>(kExitOk);
  });
}

}  // namespace docpipe::cli
