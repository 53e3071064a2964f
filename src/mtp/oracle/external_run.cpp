#include "mtp/oracle/external_run.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "mtp/core/error.hpp"
#include "mtp/oracle/oracle_settings.hpp"

namespace mtp::oracle {

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  return quoted + "'";
}

std::string path_in(const std::string& workdir, const std::string& name) {
  return (std::filesystem::path(workdir) / name).string();
}

void prepare_workdir(const std::string& workdir) {
  std::error_code ec;
  std::filesystem::create_directories(workdir, ec);
  if (ec || !std::filesystem::is_directory(workdir))
    throw Error("cannot create the oracle work directory '" + workdir + "': " + ec.message());
}

int run_in_directory(const std::string& command, const std::string& workdir, const std::string& stdout_name,
                     const std::string& stderr_name, double timeout_s) {
  // A subshell, so the user's command (which may be a pipeline or a list) shares the redirections.
  const std::string run = timeout_s > 0 ? "timeout -k 30 " + number_text(timeout_s) + " /bin/sh -c " + shell_quote(command)
                                        : "( " + command + "\n)";
  // Each run gets its own OpenMPI session directory: MPI-linked codes such as pw.x, started at the same moment
  // by parallel oracle calls, otherwise race to create the shared one ("mkdir ... File exists") and abort.
  const std::string line = "cd " + shell_quote(workdir) + " || exit 1; " +
                           "mpi_session=$(mktemp -d \"${TMPDIR:-/tmp}/openmtp-mpi.XXXXXX\") || exit 1; " +
                           "export OMPI_MCA_orte_tmpdir_base=\"$mpi_session\"; " + run + " > " +
                           shell_quote(stdout_name) + " 2> " + shell_quote(stderr_name) +
                           " < /dev/null; status=$?; rm -rf \"$mpi_session\"; exit $status";
  std::cout.flush();
  std::cerr.flush();
  const int status = std::system(line.c_str());
  if (status == -1) throw Error("cannot start /bin/sh to run: " + command);
  if (timeout_s > 0 && WIFEXITED(status) && (WEXITSTATUS(status) == 124 || WEXITSTATUS(status) == 137))
    throw Error("'" + command + "' ran past its timeout of " + number_text(timeout_s) + " s and was stopped (see " +
                path_in(workdir, stdout_name) + ")");
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return status;
}

std::string last_lines(const std::string& path, int lines) {
  std::ifstream in(path);
  std::deque<std::string> kept;
  std::string line;
  while (std::getline(in, line)) {
    kept.push_back(line);
    if (static_cast<int>(kept.size()) > lines) kept.pop_front();
  }
  std::string text;
  for (const auto& l : kept) text += (text.empty() ? "" : "\n") + l;
  return text;
}

void store_results(Configuration& cfg, double energy, std::vector<Vec3> forces, const std::optional<Mat3>& virial,
                   const std::string& efs_by) {
  // On a copy: a non-finite value is an error that leaves the configuration as it was.
  Configuration result = cfg;
  result.clear_efs();
  result.energy = energy;
  result.forces = std::move(forces);
  result.virial = virial;
  result.features["EFS_by"] = efs_by;
  try {
    result.validate();
  } catch (const Error& e) {
    throw Error("the " + efs_by + " oracle returned unusable results: " + e.what());
  }
  cfg = std::move(result);
}

}  // namespace mtp::oracle
