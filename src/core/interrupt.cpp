// Interrupt flag and the host's poll (see include/regkit/core/interrupt.hpp).
#include "regkit/core/interrupt.hpp"

#include <atomic>
#include <chrono>
#include <thread>

namespace regkit {
namespace {

std::atomic<bool> requested{false};
std::atomic<InterruptPoll> host_poll{nullptr};
std::atomic<std::thread::id> poll_thread{};
thread_local std::chrono::steady_clock::time_point last_poll{};
constexpr auto kPollInterval = std::chrono::milliseconds(20);

}  // namespace

void request_interrupt() noexcept { requested.store(true, std::memory_order_relaxed); }
void clear_interrupt() noexcept { requested.store(false, std::memory_order_relaxed); }

bool interrupt_requested() noexcept {
  if (requested.load(std::memory_order_relaxed)) return true;
  const InterruptPoll poll = host_poll.load(std::memory_order_acquire);
  if (poll == nullptr || std::this_thread::get_id() != poll_thread.load(std::memory_order_relaxed)) return false;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_poll < kPollInterval) return false;
  last_poll = now;
  if (!poll()) return false;
  request_interrupt();
  return true;
}

void check_interrupt(const char* where) {
  if (interrupt_requested()) throw Interrupted(std::string(where) + ": interrupted");
}

void set_interrupt_poll(InterruptPoll poll) {
  poll_thread.store(std::this_thread::get_id(), std::memory_order_relaxed);
  host_poll.store(poll, std::memory_order_release);
}

}  // namespace regkit
