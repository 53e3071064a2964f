#pragma once

namespace mtp::cli {

// SIGINT / SIGTERM handling for the `mlp` commands' long runs: the handler only records the request; a command
// hands stop_requested to the library as its stop callback (fit::TrainerCallbacks::stop_requested), so training
// stops cleanly after the current iteration and saves the best potential so far. The flag is process state and
// so lives here in the front end, never in the library (two trainings in one process each have their own). A second signal restores the default action,
// so a user who presses Ctrl-C twice still gets out at once.
void install_stop_handlers();
bool stop_requested();
void request_stop();  // what the handler does; also for tests
void clear_stop_request();

}  // namespace mtp::cli
