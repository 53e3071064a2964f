#include "mtp/cli/stop_signal.hpp"

#include <csignal>

namespace mtp::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_stop_signal(int sig) {
  g_stop = 1;
  std::signal(sig, SIG_DFL);
}

}  // namespace

void install_stop_handlers() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
}
bool stop_requested() { return g_stop != 0; }
void request_stop() { g_stop = 1; }
void clear_stop_request() { g_stop = 0; }

}  // namespace mtp::cli
