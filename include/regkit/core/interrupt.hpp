// Cooperative interruption (Ctrl-C). Long loops call check_interrupt() between whole
// steps: training batches, the lambdas of a path (and so of every CV fold). When a stop
// was requested it throws Interrupted, and what the loop had finished stays as it was:
// a network keeps the weights of its last whole step, a checkpoint its last epoch.
//
// A stop is requested by request_interrupt() (async-signal-safe: the CLI's SIGINT handler
// calls it) or by the poll function a host installs (the Python module's calls
// PyErr_CheckSignals with the GIL taken). The poll runs only on the thread that
// installed it, at most every few milliseconds; other threads see the flag it sets.
#pragma once

#include <stdexcept>
#include <string>

namespace regkit {

class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void request_interrupt() noexcept;
void clear_interrupt() noexcept;
bool interrupt_requested() noexcept;

// Throws Interrupted("<where>: interrupted") when a stop was requested.
void check_interrupt(const char* where);

// Returns true when the host wants to stop. Installed once (null removes it).
using InterruptPoll = bool (*)();
void set_interrupt_poll(InterruptPoll poll);

}  // namespace regkit
