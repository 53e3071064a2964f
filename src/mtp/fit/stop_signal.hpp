#pragma once

namespace mtp::fit {

// SIGINT / SIGTERM handling for long runs: the handler only records the request; training checks it after each
// iteration, stops cleanly and saves the best potential so far. A second signal restores the default action,
// so a user who presses Ctrl-C twice still gets out at once.
void install_stop_handlers();
bool stop_requested();
void request_stop();  // what the handler does; also for tests
void clear_stop_request();

}  // namespace mtp::fit
