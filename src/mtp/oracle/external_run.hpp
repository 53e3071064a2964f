#pragma once
#include <string>

#include "mtp/core/configuration.hpp"

namespace mtp::oracle {

// Runs `command` with /bin/sh in `workdir` (its current directory), standard output and error into the
// files `stdout_name` and `stderr_name` there. Returns the command's exit status (128 + n when killed by
// signal n). With `timeout_s` > 0 the command is stopped after that many seconds (coreutils' timeout:
// SIGTERM, SIGKILL 30 s later) and an mtp::Error says so, so a hung calculation cannot stall the loop.
// Throws mtp::Error when no shell could be started.
int run_in_directory(const std::string& command, const std::string& workdir, const std::string& stdout_name,
                     const std::string& stderr_name, double timeout_s = 0);

// `text` as one word for /bin/sh (single quotes).
std::string shell_quote(const std::string& text);

// Creates `workdir` (and parents) when absent; throws mtp::Error naming it when it cannot.
void prepare_workdir(const std::string& workdir);

// `workdir`/`name`.
std::string path_in(const std::string& workdir, const std::string& name);

// The last `lines` lines of a text file (empty when it cannot be read), for error messages.
std::string last_lines(const std::string& path, int lines);

// What an oracle stores in a configuration: clears earlier results, sets energy, forces, virial and the
// EFS_by feature. Throws mtp::Error (leaving `cfg` unchanged) when a value is not finite or the forces do
// not match the atoms.
void store_results(Configuration& cfg, double energy, std::vector<Vec3> forces, const std::optional<Mat3>& virial,
                   const std::string& efs_by);

}  // namespace mtp::oracle
