#pragma once
// Asking a long call (training) to stop early, without process-wide state: the caller keeps a token, hands it
// to the call, and requests a stop from anywhere (another thread, a callback, a signal handler it installed).
// Each call polls only its own token, so two trainings in one process never stop each other.
#include <atomic>
#include <memory>

namespace openmtp {

class StopToken {
 public:
  StopToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
  // Copies share the request: a copy handed to a call sees a stop requested through the original.
  void request_stop() const noexcept { flag_->store(true, std::memory_order_relaxed); }
  bool stop_requested() const noexcept { return flag_->load(std::memory_order_relaxed); }

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace openmtp
