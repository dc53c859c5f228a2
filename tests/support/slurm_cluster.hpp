// A real one-node Slurm cluster on 127.0.0.1 for tests: Debian's munged,
// slurmctld and slurmd, started in the foreground by the test (as root) from a
// config in its temporary directory, on free ports, and stopped by the pids
// of the processes it started. Clients (sbatch, squeue, scontrol, and docpipe
// slurm run by the test) reach it through SLURM_CONF, which the fixture sets
// for the test process while it lives. ok() is false, and why() says why with
// the daemons' log tails, when it cannot start, so a test can GTEST_SKIP.
#pragma once

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "nginx_server.hpp"  // free_port, stop_child
#include "test_support.hpp"

namespace docpipe::test {

//! What a program printed and returned.
struct ProgramResult {
  int exit_code = -1;
  std::string out, err;
};

//! Runs a program (PATH lookup, no shell), capturing stdout and stderr.
inline ProgramResult run_program(const std::vector<std::string>& argv) {
  TempDir capture;
  std::string out_file = capture / "out", err_file = capture / "err";
  pid_t pid = ::fork();
  if (pid == 0) {
    if (std::freopen(out_file.c_str(), "w", stdout) == nullptr ||
        std::freopen(err_file.c_str(), "w", stderr) == nullptr)
      ::_exit(127);
    std::vector<std::string> copy = argv;
    std::vector<char*> args;
    for (auto& a : copy) args.push_back(a.data());
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ProgramResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out_file);
  r.err = read_file(err_file);
  return r;
}

//! The last lines of a file, for messages.
inline std::string tail_of(const std::string& file, size_t lines = 15) {
  auto all = read_lines(file);
  std::string out;
  for (size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out += "    " + all[i] + "\n";
  return out.empty() ? "    (empty or missing: " + file + ")\n" : out;
}

//! Polls pred every 50 ms until it is true or the deadline passes; returns its last value.
template <class Pred>
bool poll_until(std::chrono::steady_clock::duration limit, Pred pred) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (true) {
    if (pred()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

//! munged + slurmctld + slurmd on 127.0.0.1, rooted in <dir>/slurm.
class SlurmCluster {
 public:
  explicit SlurmCluster(const TempDir& dir) : root_(dir.root() + "/slurm") {
    start(dir);
    if (!ok()) stop();
  }
  ~SlurmCluster() { stop(); }
  SlurmCluster(const SlurmCluster&) = delete;
  SlurmCluster& operator=(const SlurmCluster&) = delete;

  bool ok() const { return ok_; }
  const std::string& why() const { return why_; }
  //! The slurm.conf clients use (also exported as SLURM_CONF while the cluster lives).
  const std::string& conf() const { return conf_; }
  //! The node's CPU count.
  int cpus() const { return cpus_; }

  //! Runs a Slurm client command against this cluster.
  ProgramResult client(const std::vector<std::string>& argv) const { return run_program(argv); }

  //! True once no job of this cluster is pending or running (squeue is empty), within limit.
  bool wait_until_idle(std::chrono::steady_clock::duration limit) const {
    return poll_until(limit, [&] {
      auto r = client({"squeue", "-h", "-o", "%i"});
      return r.exit_code == 0 && r.out.find_first_not_of(" \n") == std::string::npos;
    });
  }

  //! The daemons' log tails, for failure messages.
  std::string logs() const {
    std::string out;
    for (const char* f : {"log/slurmctld.log", "log/slurmctld.out", "log/slurmd.log", "log/slurmd.out",
                          "log/munged.out"})
      if (::access((root_ + "/" + f).c_str(), F_OK) == 0) out += "  " + std::string(f) + ":\n" + tail_of(root_ + "/" + f);
    return out.empty() ? "  (no daemon logs)\n" : out;
  }

 private:
  void fail(const std::string& reason) {
    why_ = reason;
    ok_ = false;
  }

  static bool installed() {
    for (const char* p : {"/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch"})
      if (::access(p, X_OK) != 0) return false;
    return ::getpwnam("munge") != nullptr;
  }

  // Forks and execs argv with stdout/stderr to log_file, optionally as another user.
  static pid_t spawn(const std::vector<std::string>& argv, const std::string& log_file,
                     std::optional<std::pair<uid_t, gid_t>> as = std::nullopt) {
    pid_t pid = ::fork();
    if (pid != 0) return pid;
    int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
    }
    // Its own process group: a Ctrl-C in the terminal running the test reaches only the test.
    ::setpgid(0, 0);
    if (as) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(as->second) != 0 || ::setuid(as->first) != 0) ::_exit(126);
    }
    std::vector<std::string> copy = argv;
    std::vector<char*> args;
    for (auto& a : copy) args.push_back(a.data());
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }

  bool exited(pid_t& pid, const char* name) {
    if (pid > 0 && ::waitpid(pid, nullptr, WNOHANG) == pid) {
      pid = -1;
      fail(std::string(name) + " exited at start:\n" + logs());
      return true;
    }
    return false;
  }

  void start(const TempDir& dir) {
    if (::geteuid() != 0) return fail("the Slurm daemons need root (this test runs as uid " +
                                      std::to_string(::geteuid()) + ")");
    if (!installed()) {
      // scripts/install-deps.sh installs these; a bare machine gets them here.
      run_program({"apt-get", "install", "-y", "-q", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300",
                   "slurmctld", "slurmd", "slurm-client", "munge"});
      if (!installed())
        return fail("slurm-wlm/munge are not installed and apt-get could not install them "
                    "(scripts/install-deps.sh installs slurm-wlm and munge)");
    }
    const passwd* munge = ::getpwnam("munge");
    uid_t munge_uid = munge->pw_uid;
    gid_t munge_gid = munge->pw_gid;

    // munged runs as munge and must reach its files through the test directory.
    ::chmod(dir.root().c_str(), 0755);
    for (const char* d : {"", "/etc", "/state", "/spool", "/log", "/munge", "/munge/run", "/munge/lib", "/munge/log"})
      dir.mkdir("slurm" + std::string(d));
    // munged checks its paths: the socket's directories must be searchable by
    // all, the key's and the log's private to munge.
    std::string m = root_ + "/munge";
    std::string key = m + "/lib/munge.key";
    {
      std::random_device rd;
      std::string bytes(1024, '\0');
      for (auto& c : bytes) c = static_cast<char>(rd() & 0xff);
      write_file(key, bytes);
    }
    for (const std::string& p : {m, m + "/run", m + "/lib", m + "/log", key})
      if (::chown(p.c_str(), munge_uid, munge_gid) != 0) return fail("cannot chown " + p + " to munge");
    ::chmod(m.c_str(), 0755);
    ::chmod((m + "/run").c_str(), 0755);
    ::chmod((m + "/lib").c_str(), 0700);
    ::chmod((m + "/log").c_str(), 0700);
    ::chmod(key.c_str(), 0400);
    std::string socket = m + "/run/munge.socket";
    munged_ = spawn({"/usr/sbin/munged", "--foreground", "--key-file=" + key, "--socket=" + socket,
                     "--pid-file=" + m + "/run/munged.pid", "--log-file=" + m + "/log/munged.log",
                     "--seed-file=" + m + "/lib/munged.seed"},
                    root_ + "/log/munged.out", std::make_pair(munge_uid, munge_gid));
    bool up = poll_until(std::chrono::seconds(10), [&] {
      return exited(munged_, "munged") || ::access(socket.c_str(), F_OK) == 0;
    });
    if (munged_ < 0) return;
    if (!up) return fail("munged did not create its socket within 10 s:\n" + logs());

    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    std::string node = std::string(host).substr(0, std::string(host).find('.'));
    cpus_ = static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
    long mem_mb = ::sysconf(_SC_PHYS_PAGES) / 1024 * ::sysconf(_SC_PAGESIZE) / 1024;
    int ctld_port = free_port(), slurmd_port = free_port();
    while (slurmd_port == ctld_port) slurmd_port = free_port();
    conf_ = root_ + "/etc/slurm.conf";
    // Batch scheduling without delays (batch_sched_delay, sched_min_interval):
    // without them a small array takes seconds longer.
    write_file(conf_,
               "ClusterName=docpipetest\n"
               "SlurmctldHost=" + node + "(127.0.0.1)\n"
               "SlurmUser=root\nSlurmdUser=root\n"
               "SlurmctldPort=" + std::to_string(ctld_port) + "\n"
               "SlurmdPort=" + std::to_string(slurmd_port) + "\n"
               "AuthType=auth/munge\nCredType=cred/munge\n"
               "AuthInfo=socket=" + socket + "\n"
               "StateSaveLocation=" + root_ + "/state\n"
               "SlurmdSpoolDir=" + root_ + "/spool\n"
               "SlurmctldPidFile=" + root_ + "/slurmctld.pid\n"
               "SlurmdPidFile=" + root_ + "/slurmd.pid\n"
               "SlurmctldLogFile=" + root_ + "/log/slurmctld.log\n"
               "SlurmdLogFile=" + root_ + "/log/slurmd.log\n"
               "ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n"
               "JobAcctGatherType=jobacct_gather/none\nAccountingStorageType=accounting_storage/none\n"
               "JobCompType=jobcomp/none\nSwitchType=switch/none\nMpiDefault=none\n"
               "SelectType=select/cons_tres\nSelectTypeParameters=CR_Core\n"
               "ReturnToService=2\nSchedulerType=sched/backfill\n"
               "SlurmctldTimeout=30\nSlurmdTimeout=30\nInactiveLimit=0\nMinJobAge=300\nKillWait=5\nWaittime=0\n"
               "SlurmctldDebug=info\nSlurmdDebug=info\nMailProg=/bin/true\n"
               "SchedulerParameters=batch_sched_delay=0,sched_min_interval=0\n"
               "NodeName=" + node + " NodeAddr=127.0.0.1 CPUs=" + std::to_string(cpus_) +
               " RealMemory=" + std::to_string(mem_mb > 2048 ? mem_mb / 2 : 1) + " State=UNKNOWN\n"
               "PartitionName=local Nodes=" + node + " Default=YES MaxTime=INFINITE State=UP\n");
    const char* previous = std::getenv("SLURM_CONF");
    if (previous != nullptr) previous_conf_ = previous;
    ::setenv("SLURM_CONF", conf_.c_str(), 1);
    conf_set_ = true;

    slurmctld_ = spawn({"/usr/sbin/slurmctld", "-D", "-f", conf_}, root_ + "/log/slurmctld.out");
    slurmd_ = spawn({"/usr/sbin/slurmd", "-D", "-f", conf_, "-N", node}, root_ + "/log/slurmd.out");
    std::string state;
    up = poll_until(std::chrono::seconds(30), [&] {
      if (exited(slurmctld_, "slurmctld") || exited(slurmd_, "slurmd")) return true;
      auto r = client({"sinfo", "-h", "-N", "-o", "%T"});
      state = r.out.substr(0, r.out.find('\n'));
      return state == "idle";
    });
    if (slurmctld_ < 0 || slurmd_ < 0) return;
    if (!up) return fail("the Slurm node is not idle within 30 s (state '" + state + "'):\n" + logs());
    ok_ = true;
  }

  void stop() {
    // Jobs first, so no task of ours outlives the cluster; then the daemons we started.
    if (slurmctld_ > 0) {
      auto ids = client({"squeue", "-h", "-o", "%A"});
      if (ids.exit_code == 0 && ids.out.find_first_not_of(" \n") != std::string::npos) {
        std::vector<std::string> cancel = {"scancel"};
        for (const auto& l : read_lines_of(ids.out)) cancel.push_back(l);
        client(cancel);
        wait_until_idle(std::chrono::seconds(15));
      }
    }
    stop_child(slurmd_);
    stop_child(slurmctld_);
    stop_child(munged_);
    slurmd_ = slurmctld_ = munged_ = -1;
    if (conf_set_) {
      if (previous_conf_) ::setenv("SLURM_CONF", previous_conf_->c_str(), 1);
      else ::unsetenv("SLURM_CONF");
      conf_set_ = false;
    }
  }

  static std::vector<std::string> read_lines_of(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      if (!line.empty()) out.push_back(line);
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    return out;
  }

  std::string root_;
  std::string conf_;
  bool ok_ = false;
  std::string why_;
  int cpus_ = 1;
  pid_t munged_ = -1, slurmctld_ = -1, slurmd_ = -1;
  bool conf_set_ = false;
  std::optional<std::string> previous_conf_;
};

}  // namespace docpipe::test
