// The host's handle on one docpipe-worker process: spawns it, hands it
// documents through the shared region, and watches it while it works —
// deadlines, a memory cap and the run's abort — so that whatever the stages
// do (crash, hang, exit, leak) costs only the document they held.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "../document.hpp"
#include "shared_region.hpp"

namespace docpipe::isolation {

//! How a worker is started.
struct WorkerLaunch {
  std::filesystem::path executable;      //!< docpipe-worker
  std::string setup_json;                //!< encode_setup() of this worker's WorkerSetup
  std::vector<std::string> stage_names;  //!< the worker's stages, for messages
  uint64_t memory_cap = 0;               //!< bytes of resident memory; 0 for none
};

//! Limits for one document.
struct DocumentLimits {
  int64_t deadline_ns = 0;                       //!< absolute monotonic_ns(); 0 for none
  std::span<const int64_t> stage_timeout_ns;     //!< per worker stage; 0 for none
  const std::atomic<int>* stop_state = nullptr;  //!< DP_RUN_ABORTING abandons the document
};

//! What happened to a document sent to a worker.
struct WorkerOutcome {
  //! lost: the worker was gone before it began the document (killed from
  //! outside while idle, say); the document is untouched and may be resent.
  enum class Kind { done, crashed, timed_out, out_of_memory, aborted, lost };
  Kind kind = Kind::done;
  int32_t stopped_at = -1;  //!< done: worker stage that dropped/failed it; else the stage it was in
  std::vector<uint64_t> stage_nanos;  //!< done: time per stage of the request
  std::string detail;                 //!< not done: what happened, for the errors record
};

//! One worker process. Not thread-safe: one host thread drives it.
class WorkerProcess {
 public:
  //! Starts the worker and hands it its setup, without waiting (so that many
  //! workers start at once); throws ComponentError when it cannot be spawned.
  explicit WorkerProcess(const WorkerLaunch& launch);
  //! Waits until the worker's stages exist; throws ComponentError with the
  //! worker's message (or its last log lines) when it cannot start.
  void wait_ready(int64_t timeout_ns = 30'000'000'000);
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  //! Runs worker stages [begin, end) on doc. On done, doc holds the result;
  //! otherwise doc is untouched and the worker is gone (alive() is false).
  WorkerOutcome process(dp_document& doc, uint32_t begin, uint32_t end,
                        const DocumentLimits& limits);

  //! Asks the worker to finish its instances and exit; the finish error, if any.
  std::string quit(int64_t timeout_ns = 10'000'000'000);
  //! Kills the worker (SIGKILL to its process group) and reaps it.
  void kill_now();

  bool alive() const noexcept { return pid_ > 0; }
  pid_t pid() const noexcept { return pid_; }
  uint64_t documents() const noexcept { return documents_; }
  //! Peak resident bytes, known once the worker is reaped (0 before).
  uint64_t peak_rss() const noexcept { return peak_rss_; }
  //! The worker's last lines on stderr/stdout, oldest first.
  std::vector<std::string> last_lines() const;

 private:
  void spawn();
  void send(const struct Message& m);
  enum class Wait { message, died, timed_out, out_of_memory, aborted };
  Wait wait_for_message(struct Message& m, const DocumentLimits& limits, int64_t hard_deadline_ns,
                        int32_t& stage);
  //! Waits for the worker to exit (killing it after grace_ns) and records how.
  std::string reap(int64_t grace_ns);
  uint64_t resident_bytes() const;
  void pump_output(int fd);

  WorkerLaunch launch_;
  SharedRegion region_;
  dp_document scratch_;
  pid_t pid_ = -1;
  int control_ = -1;
  uint64_t documents_ = 0;
  uint64_t peak_rss_ = 0;
  int64_t last_rss_check_ns_ = 0;

  std::thread pump_;
  mutable std::mutex lines_mutex_;
  std::condition_variable lines_cv_;
  std::deque<std::string> lines_;
  bool output_closed_ = false;
};

//! Where docpipe-worker is: $DOCPIPE_WORKER, else beside the running program
//! (<exe>/../libexec/docpipe/), else the install prefix.
std::filesystem::path find_worker_executable();

}  // namespace docpipe::isolation
