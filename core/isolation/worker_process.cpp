#include "worker_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "../errors.hpp"
#include "../stage_chain.hpp"
#include "doc_wire.hpp"
#include "worker_protocol.hpp"

extern char** environ;

namespace docpipe::isolation {
namespace {

constexpr size_t kKeptLines = 20;
constexpr int64_t kTickNs = 50'000'000;  // how often a waiting host looks at memory and abort

// Descriptors handed to a child are moved above the numbers the child expects
// (3, 4), so that no dup2 in the spawn clobbers another.
int high_fd(int fd) {
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, 10);
  ::close(fd);
  if (moved < 0)
    throw ComponentError(std::string("cannot start a worker: fcntl: ") + std::strerror(errno));
  return moved;
}

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return "killed by signal " + std::to_string(sig) +
           (name ? std::string(" (SIG") + name + ")" : "");
  }
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  return "ended with status " + std::to_string(status);
}

}  // namespace

std::filesystem::path find_worker_executable() {
  if (const char* env = std::getenv("DOCPIPE_WORKER"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto beside = exe.parent_path().parent_path() / "libexec" / "docpipe" / "docpipe-worker";
    if (std::filesystem::exists(beside, ec)) return beside;
  }
#ifdef DOCPIPE_INSTALL_LIBEXEC_DIR
  return std::filesystem::path(DOCPIPE_INSTALL_LIBEXEC_DIR) / "docpipe-worker";
#else
  return "docpipe-worker";
#endif
}

WorkerProcess::WorkerProcess(const WorkerLaunch& launch) : launch_(launch) {
  region_ = SharedRegion::create(std::max<size_t>(launch_.setup_json.size(), size_t{1} << 20));
  spawn();
  std::memcpy(region_.payload(), launch_.setup_json.data(), launch_.setup_json.size());
  Message m;
  m.type = MessageType::setup;
  m.length = launch_.setup_json.size();
  m.region_size = region_.total_size();
  send(m);
}

void WorkerProcess::wait_ready(int64_t start_timeout_ns) {
  Message reply;
  int32_t stage = -1;
  Wait w = wait_for_message(reply, DocumentLimits{}, monotonic_ns() + start_timeout_ns, stage);
  if (w == Wait::message && reply.type == MessageType::ready) return;
  std::string why;
  if (w == Wait::message && reply.type == MessageType::failed) {
    region_.follow(reply.region_size);
    why.assign(region_.payload(), std::min<size_t>(reply.length, region_.payload_capacity()));
    kill_now();
  } else {
    why = w == Wait::timed_out
              ? "did not start within " + std::to_string(start_timeout_ns / 1'000'000'000) + " s"
              : "the worker " + reap(1'000'000'000);
    if (alive()) kill_now();
    auto lines = last_lines();
    if (!lines.empty()) why += "; its last output: " + lines.back();
  }
  throw ComponentError("a worker process (" + launch_.executable.string() +
                       ") could not start: " + why);
}

WorkerProcess::~WorkerProcess() {
  if (alive()) kill_now();
  if (pump_.joinable()) pump_.join();
  if (control_ >= 0) ::close(control_);
}

void WorkerProcess::spawn() {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    throw ComponentError(std::string("cannot start a worker: socketpair: ") + std::strerror(errno));
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    ::close(sv[0]);
    ::close(sv[1]);
    throw ComponentError(std::string("cannot start a worker: pipe: ") + std::strerror(errno));
  }
  int child_control = high_fd(sv[1]);
  int child_out = high_fd(out[1]);
  int region_fd = fcntl(region_.fd(), F_DUPFD_CLOEXEC, 10);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, child_control, kControlFd);
  posix_spawn_file_actions_adddup2(&fa, region_fd, kRegionFd);
  posix_spawn_file_actions_adddup2(&fa, child_out, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa, child_out, STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group: a terminal's Ctrl-C reaches the host, which decides
  // how the workers stop; and a kill of the group takes any child it made.
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGINT, SIGTERM, SIGPIPE, SIGCHLD, SIGHUP}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::string exe = launch_.executable.string();
  std::string size = std::to_string(region_.total_size());
  std::string parent = std::to_string(getpid());
  std::string cap = std::to_string(launch_.memory_cap);
  std::vector<char*> argv = {
      exe.data(),    const_cast<char*>("--region-size"), size.data(), const_cast<char*>("--parent"),
      parent.data(), const_cast<char*>("--memory-cap"),  cap.data(),  nullptr};
  pid_t pid = -1;
  int rc = posix_spawn(&pid, exe.c_str(), &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  ::close(child_control);
  ::close(child_out);
  ::close(region_fd);
  if (rc != 0) {
    ::close(sv[0]);
    ::close(out[0]);
    throw ComponentError("cannot start the worker program " + exe + ": " + std::strerror(rc) +
                         " (set DOCPIPE_WORKER to its path)");
  }
  pid_ = pid;
  control_ = sv[0];
  pump_ = std::thread([this, fd = out[0]] { pump_output(fd); });
}

void WorkerProcess::pump_output(int fd) {
  std::string pending;
  char buf[4096];
  auto emit = [&](std::string line) {
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
    line.pop_back();
    std::lock_guard lock(lines_mutex_);
    lines_.push_back(std::move(line));
    if (lines_.size() > kKeptLines) lines_.pop_front();
  };
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buf, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
      emit(pending.substr(start, nl - start));
    pending.erase(0, start);
  }
  if (!pending.empty()) emit(std::move(pending));
  ::close(fd);
  std::lock_guard lock(lines_mutex_);
  output_closed_ = true;
  lines_cv_.notify_all();
}

std::vector<std::string> WorkerProcess::last_lines() const {
  std::lock_guard lock(lines_mutex_);
  return {lines_.begin(), lines_.end()};
}

void WorkerProcess::send(const Message& m) {
  for (;;) {
    ssize_t n = ::send(control_, &m, sizeof m, MSG_NOSIGNAL);
    if (n == static_cast<ssize_t>(sizeof m)) return;
    if (n < 0 && errno == EINTR) continue;
    return;  // the worker is gone; the wait that follows sees it
  }
}

uint64_t WorkerProcess::resident_bytes() const {
  std::ifstream statm("/proc/" + std::to_string(pid_) + "/statm");
  uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

WorkerProcess::Wait WorkerProcess::wait_for_message(Message& m, const DocumentLimits& limits,
                                                    int64_t hard_deadline_ns, int32_t& stage) {
  bool ticking = launch_.memory_cap > 0 || limits.stop_state != nullptr;
  for (;;) {
    int64_t now = monotonic_ns();
    stage = region_.header().stage.load(std::memory_order_acquire);
    int64_t deadline = hard_deadline_ns;
    auto earliest = [&](int64_t t) {
      if (t > 0 && (deadline == 0 || t < deadline)) deadline = t;
    };
    earliest(limits.deadline_ns);
    if (stage >= 0 && static_cast<size_t>(stage) < limits.stage_timeout_ns.size() &&
        limits.stage_timeout_ns[static_cast<size_t>(stage)] > 0)
      earliest(region_.header().stage_started_ns.load(std::memory_order_relaxed) +
               limits.stage_timeout_ns[static_cast<size_t>(stage)]);
    if (deadline > 0 && now >= deadline) return Wait::timed_out;
    if (limits.stop_state != nullptr &&
        limits.stop_state->load(std::memory_order_relaxed) == DP_RUN_ABORTING)
      return Wait::aborted;
    if (launch_.memory_cap > 0 && now - last_rss_check_ns_ >= kTickNs) {
      last_rss_check_ns_ = now;
      if (resident_bytes() > launch_.memory_cap) return Wait::out_of_memory;
    }
    int64_t wait_ns = deadline > 0 ? deadline - now : -1;
    // Stage deadlines move as stages change, so a chain with per-stage timeouts ticks too.
    if (ticking || !limits.stage_timeout_ns.empty())
      wait_ns = wait_ns < 0 ? kTickNs : std::min(wait_ns, kTickNs);
    int timeout_ms = wait_ns < 0 ? -1 : static_cast<int>((wait_ns + 999'999) / 1'000'000);
    pollfd p{control_, POLLIN, 0};
    int rc = ::poll(&p, 1, timeout_ms);
    if (rc < 0 && errno == EINTR) continue;
    if (rc == 0) continue;
    ssize_t n = ::recv(control_, &m, sizeof m, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == static_cast<ssize_t>(sizeof m)) return Wait::message;
    return Wait::died;
  }
}

std::string WorkerProcess::reap(int64_t grace_ns) {
  if (pid_ <= 0) return "was already gone";
  int status = 0;
  rusage usage{};
  int64_t give_up = monotonic_ns() + grace_ns;
  pid_t r = 0;
  while ((r = wait4(pid_, &status, WNOHANG, &usage)) == 0 && monotonic_ns() < give_up) {
    timespec pause{0, 2'000'000};
    nanosleep(&pause, nullptr);
  }
  if (r == 0) {
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    while ((r = wait4(pid_, &status, 0, &usage)) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
  peak_rss_ = std::max<uint64_t>(peak_rss_, static_cast<uint64_t>(usage.ru_maxrss) * 1024);
  {
    // Let the pump read what the worker wrote last, for the errors record.
    std::unique_lock lock(lines_mutex_);
    lines_cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return output_closed_; });
  }
  return r > 0 ? describe_status(status) : "could not be waited for";
}

void WorkerProcess::kill_now() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
  reap(0);
}

WorkerOutcome WorkerProcess::process(dp_document& doc, uint32_t begin, uint32_t end,
                                     const DocumentLimits& limits) {
  WorkerOutcome out;
  size_t size = encoded_size(doc);
  region_.reserve(size);
  region_.header().stage.store(-1, std::memory_order_relaxed);
  region_.header().begun.store(0, std::memory_order_release);
  encode_document(doc, region_.payload());
  Message m;
  m.type = MessageType::process;
  m.stage_begin = begin;
  m.stage_end = end;
  m.length = size;
  m.region_size = region_.total_size();
  send(m);
  Message reply;
  int32_t stage = -1;
  Wait w = wait_for_message(reply, limits, 0, stage);
  out.stopped_at = stage;
  if (w == Wait::message && reply.type == MessageType::done &&
      region_.header().alloc_failed.load() != 0) {
    // An allocation failed under the address-space cap: the stage saw
    // std::bad_alloc, and the worker ends itself after answering.
    kill_now();
    out.kind = WorkerOutcome::Kind::out_of_memory;
    out.stopped_at = reply.stopped_at;
    out.detail = launch_.memory_cap > 0 ? "an allocation failed under --worker-memory " +
                                              std::to_string(launch_.memory_cap >> 20) + " MiB"
                                        : std::string("an allocation failed (std::bad_alloc)");
    return out;
  }
  if (w == Wait::message && reply.type == MessageType::done) {
    region_.follow(reply.region_size);
    size_t stages = end - begin;
    size_t nanos_bytes = stages * sizeof(uint64_t);
    if (reply.length >= nanos_bytes && reply.length <= region_.payload_capacity()) {
      out.stage_nanos.resize(stages);
      std::memcpy(out.stage_nanos.data(), region_.payload(), nanos_bytes);
      // Decoded into a scratch document whose buffers are reused, then swapped
      // in: the caller's document stays whole if the reply is malformed.
      if (decode_document(region_.payload() + nanos_bytes, reply.length - nanos_bytes, scratch_)) {
        std::swap(doc, scratch_);
        out.kind = WorkerOutcome::Kind::done;
        out.stopped_at = reply.stopped_at;
        ++documents_;
        return out;
      }
    }
    kill_now();
    out.kind = WorkerOutcome::Kind::crashed;
    out.detail = "the worker sent back a malformed document";
    return out;
  }
  switch (w) {
    case Wait::timed_out:
      kill_now();
      out.kind = WorkerOutcome::Kind::timed_out;
      break;
    case Wait::out_of_memory: {
      uint64_t rss = resident_bytes();
      kill_now();
      out.kind = WorkerOutcome::Kind::out_of_memory;
      out.detail = "the worker's resident memory reached " + std::to_string(rss >> 20) +
                   " MiB, over --worker-memory " + std::to_string(launch_.memory_cap >> 20) +
                   " MiB";
      break;
    }
    case Wait::aborted:
      kill_now();
      out.kind = WorkerOutcome::Kind::aborted;
      break;
    default: {
      bool alloc_failed = region_.header().alloc_failed.load() != 0;
      bool begun = region_.header().begun.load(std::memory_order_acquire) != 0;
      out.stopped_at = region_.header().stage.load(std::memory_order_acquire);
      std::string how = reap(1'000'000'000);
      if (!begun && !alloc_failed) {
        out.kind = WorkerOutcome::Kind::lost;
        out.detail = "the worker process " + how + " before it began the document";
        break;
      }
      out.kind = alloc_failed ? WorkerOutcome::Kind::out_of_memory : WorkerOutcome::Kind::crashed;
      out.detail = alloc_failed
                       ? "an allocation failed under --worker-memory " +
                             std::to_string(launch_.memory_cap >> 20) + " MiB; the worker " + how
                       : "the worker process " + how;
      break;
    }
  }
  return out;
}

std::string WorkerProcess::quit(int64_t timeout_ns) {
  if (!alive()) return {};
  Message m;
  m.type = MessageType::quit;
  send(m);
  Message reply;
  int32_t stage = -1;
  std::string error;
  Wait w = wait_for_message(reply, DocumentLimits{}, monotonic_ns() + timeout_ns, stage);
  if (w == Wait::message && reply.type == MessageType::finished) {
    region_.follow(reply.region_size);
    error.assign(region_.payload(), std::min<size_t>(reply.length, region_.payload_capacity()));
    reap(timeout_ns);
  } else if (w == Wait::timed_out) {
    kill_now();
    error = "the worker did not finish within " + std::to_string(timeout_ns / 1'000'000'000) + " s";
  } else {
    error = "the worker " + reap(timeout_ns) + " while finishing";
  }
  return error;
}

}  // namespace docpipe::isolation
