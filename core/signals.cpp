#include "signals.hpp"

#include <csignal>
#include <unistd.h>

namespace docpipe {
namespace {
std::atomic<int> g_stop{0};

extern "C" void on_stop_signal(int sig) {
  if (g_stop.exchange(sig) != 0) {
    static const char msg[] = "\ndocpipe: second signal, exiting without draining\n";
    (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    _exit(130);
  }
}
}  // namespace

void install_stop_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // plugin I/O keeps going; the reader checks the flag
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int stop_signal() noexcept { return g_stop.load(std::memory_order_relaxed); }
std::atomic<int>& stop_flag() noexcept { return g_stop; }

}  // namespace docpipe
