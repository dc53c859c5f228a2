// SIGINT/SIGTERM: the first asks the run to stop reading and drain; a second
// one exits at once (130) for when draining itself hangs.
#pragma once

#include <atomic>

namespace docpipe {

//! Installs the handlers (idempotent).
void install_stop_signals();
//! Non-zero (the signal number) once a stop was asked for.
int stop_signal() noexcept;
//! The flag the executor polls; tests may set it directly.
std::atomic<int>& stop_flag() noexcept;

}  // namespace docpipe
