#pragma once
// Runs a shell command from a test and captures its exit status and output.
#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

#include "support/paths.hpp"

namespace mtp::test {

struct CommandResult {
  int status = -1;
  std::string output;  // stdout and stderr together
};

inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

// A path in single quotes for the shell.
inline std::string quoted(const std::string& path) { return "'" + path + "'"; }

// Runs the built `mlp` with `args` (already quoted where needed).
inline CommandResult run_mlp(const std::string& args) { return run_command(quoted(mlp_binary()) + " " + args); }

}  // namespace mtp::test
