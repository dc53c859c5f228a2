// docpipe-worker: runs a pipeline's isolated stages in a process of their own,
// started and fed by the host (see worker_process.hpp). It serves one host
// worker thread until told to quit or until the host goes away.
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "../host_api.hpp"
#include "../instance.hpp"
#include "../logging.hpp"
#include "../plugin_registry.hpp"
#include "../stage_chain.hpp"
#include "doc_wire.hpp"
#include "shared_region.hpp"
#include "worker_protocol.hpp"
#include "worker_setup.hpp"

using namespace docpipe;
using namespace docpipe::isolation;

namespace {

RegionHeader* g_header = nullptr;

// An allocation that fails under the memory cap is reported as such, so the
// host can tell "out of memory" from an ordinary failure of the document.
void on_allocation_failure() {
  if (g_header != nullptr) g_header->alloc_failed.store(1);
  throw std::bad_alloc();
}

bool sanitized() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#else
  return false;
#endif
}

uint64_t virtual_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0;
  statm >> size;
  return size * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

bool receive(Message& m) {
  for (;;) {
    ssize_t n = ::recv(kControlFd, &m, sizeof m, 0);
    if (n == static_cast<ssize_t>(sizeof m)) return true;
    if (n < 0 && errno == EINTR) continue;
    return false;  // the host is gone or broke the protocol
  }
}

void reply(const Message& m) {
  while (::send(kControlFd, &m, sizeof m, MSG_NOSIGNAL) < 0 && errno == EINTR) {
  }
}

void reply_text(SharedRegion& region, MessageType type, const std::string& text) {
  region.reserve(text.size());
  std::memcpy(region.payload(), text.data(), text.size());
  Message m;
  m.type = type;
  m.length = text.size();
  m.region_size = region.total_size();
  reply(m);
}

struct Stages {
  PluginRegistry registry;
  std::vector<ResolvedElement> elements;
  std::vector<std::unique_ptr<PluginInstance>> instances;
  std::vector<PluginInstance*> pointers;
  std::vector<ElementStats> stats;
};

void create_stages(const WorkerSetup& setup, Stages& s, dp_run* run) {
  for (const auto& st : setup.stages) {
    if (!s.registry.load_file(st.library)) {
      std::string why =
          s.registry.rejected().empty() ? "refused" : s.registry.rejected().back().reason;
      throw std::runtime_error(st.library + ": " + why);
    }
    const PluginInfo* info = s.registry.find(st.plugin);
    if (info == nullptr) throw std::runtime_error(st.library + " does not provide " + st.plugin);
    ResolvedElement e;
    e.plugin = info;
    e.name = st.name;
    e.config = st.config;
    s.elements.push_back(std::move(e));
  }
  InstancePlace place;
  place.pipeline_name = setup.pipeline_name;
  place.shard_index = setup.shard_index;
  place.shard_count = setup.shard_count;
  place.worker_index = setup.worker_index;
  place.run = run;
  for (const auto& e : s.elements) {
    s.instances.push_back(std::make_unique<PluginInstance>(e, place));
    s.pointers.push_back(s.instances.back().get());
  }
  s.stats.resize(s.pointers.size());
}

// Runs the requested stages on the document in the region and writes back the
// time per stage followed by the document.
void serve_document(SharedRegion& region, const Message& request, Stages& s) {
  // The host may have enlarged (and so moved) the region: every pointer into
  // it is taken after this.
  region.follow(request.region_size);
  g_header = &region.header();
  StageProbe probe{&region.header().stage, &region.header().stage_started_ns};
  // One document reused: its buffers keep their capacity from one request to the next.
  static dp_document doc;
  if (request.stage_begin > request.stage_end || request.stage_end > s.pointers.size() ||
      !decode_document(region.payload(), request.length, doc, /*raw_in_place=*/true)) {
    std::fputs("docpipe-worker: malformed request from the host\n", stderr);
    std::_Exit(70);
  }
  region.header().alloc_failed.store(0);
  region.header().begun.store(1, std::memory_order_release);
  size_t count = request.stage_end - request.stage_begin;
  std::vector<ElementStats> stats(count);
  std::span<PluginInstance* const> chain(s.pointers.data() + request.stage_begin, count);
  int stopped = run_stage_chain(chain, request.stage_begin, doc, stats, probe);
  Message m;
  m.type = MessageType::done;
  m.stopped_at = stopped < 0 ? -1 : static_cast<int32_t>(request.stage_begin) + stopped;
  // The raw bytes still viewed in the request are overwritten by the reply:
  // a stage that kept them gets them copied out first.
  if (doc.raw_view.data() != nullptr) doc.set(DP_FIELD_RAW, std::string(doc.raw_view));
  size_t nanos_bytes = count * sizeof(uint64_t);
  size_t doc_bytes = encoded_size(doc);
  region.reserve(nanos_bytes + doc_bytes);
  g_header = &region.header();
  for (size_t i = 0; i < count; ++i)
    std::memcpy(region.payload() + i * sizeof(uint64_t), &stats[i].nanos, sizeof(uint64_t));
  encode_document(doc, region.payload() + nanos_bytes);
  m.length = nanos_bytes + doc_bytes;
  m.region_size = region.total_size();
  reply(m);
  // An allocation failure can leave a plugin's state half-updated: stop here,
  // after answering, and let the host start a fresh worker.
  if (region.header().alloc_failed.load() != 0) std::_Exit(71);
}

std::string finish_stages(Stages& s) {
  std::string errors;
  for (auto* inst : s.pointers) {
    CallResult r = inst->finish();
    if (r.status != DP_OK)
      errors += (errors.empty() ? "" : "; ") + inst->name() + ": finish failed: " + r.message;
  }
  return errors;
}

}  // namespace

int main(int argc, char** argv) {
  size_t region_size = 0;
  pid_t parent = 0;
  uint64_t memory_cap = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--region-size")
      region_size = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--parent")
      parent = static_cast<pid_t>(std::strtol(argv[i + 1], nullptr, 10));
    else if (flag == "--memory-cap")
      memory_cap = std::strtoull(argv[i + 1], nullptr, 10);
  }
  if (region_size == 0 || parent == 0) {
    std::fputs(
        "docpipe-worker is started by docpipe to run isolated stages; it is not run by hand\n",
        stderr);
    return 64;
  }
  // Die with the host, and leave stopping to it: SIGINT/SIGTERM sent to a whole
  // terminal or job step must not cut a document short here. The host's end
  // of the control socket closes when it exits in any way (PR_SET_PDEATHSIG
  // would fire when the host *thread* that started this worker ends).
  if (getppid() != parent) return 0;
  std::thread([] {
    pollfd p{kControlFd, POLLRDHUP, 0};
    while (::poll(&p, 1, -1) < 0 && errno == EINTR) {
    }
    std::_Exit(0);
  }).detach();
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);

  SharedRegion region = SharedRegion::adopt(kRegionFd, region_size);
  g_header = &region.header();
  Message m;
  if (!receive(m) || m.type != MessageType::setup) return 0;
  region.follow(m.region_size);
  dp_run run;
  run.stdout_fd = -1;  // stages have no business with the run's standard output
  Stages stages;
  try {
    WorkerSetup setup = decode_setup(std::string_view(region.payload(), m.length));
    configure_logging(static_cast<spdlog::level::level_enum>(setup.log_level),
                      setup.log_json ? LogFormat::json : LogFormat::text);
    create_stages(setup, stages, &run);
  } catch (const std::exception& e) {
    reply_text(region, MessageType::failed, e.what());
    return 0;
  }
  std::set_new_handler(on_allocation_failure);
  if (memory_cap > 0 && !sanitized()) {
    // A backstop for allocations too large to be seen growing: the host's
    // resident-memory check catches the rest (and all of it under ASan, whose
    // shadow memory cannot live under an address-space limit).
    rlimit limit{};
    limit.rlim_cur = limit.rlim_max = virtual_bytes() + memory_cap;
    setrlimit(RLIMIT_AS, &limit);
  }
  Message ready;
  ready.type = MessageType::ready;
  ready.region_size = region.total_size();
  reply(ready);

  while (receive(m)) {
    if (m.type == MessageType::process) {
      serve_document(region, m, stages);
    } else if (m.type == MessageType::quit) {
      reply_text(region, MessageType::finished, finish_stages(stages));
      return 0;
    } else {
      return 70;
    }
  }
  return 0;
}
