// `mlp`: MLIP-2's command line over the OpenMTP library. Unlike MLIP-2, every error exits non-zero.
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/core/version.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> tokens(argv + 1, argv + argc);
  // MLIP-2's global logging options (-lk/--logkeys K, -lf/--logfile F) come before the command; accepted
  // and ignored, since OpenMTP logs to stdout/stderr.
  while (tokens.size() >= 2 && (tokens[0] == "-lk" || tokens[0] == "--logkeys" || tokens[0] == "-lf" ||
                                tokens[0] == "--logfile"))
    tokens.erase(tokens.begin(), tokens.begin() + 2);
  if (!tokens.empty() && tokens[0] == "--version") {
    std::cout << "mlp (OpenMTP) " << mtp::version_text() << "\n";
    return 0;
  }
  const std::string name = tokens.empty() ? "help" : tokens[0];
  if (!tokens.empty()) tokens.erase(tokens.begin());

  const mtp::cli::Command* command = mtp::cli::CommandRegistry::instance().find(name);
  if (!command) {
    std::cerr << "mlp: unknown command '" << name << "' (mlp list shows the commands)\n";
    return 2;
  }
  try {
    mtp::cli::CommandLine cl = mtp::cli::CommandLine::parse(tokens);
    // Every option is checked against the command's table before the command starts: a misspelled option
    // stops here, before any work and before any output is written.
    cl.bind(command->options);
    return command->run(cl);
  } catch (const mtp::Error& e) {
    std::cerr << "mlp " << command->name << ": error: " << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    // The parsers bound every count before allocating (docs/FORMATS.md, "Limits"); what is left is real work
    // larger than this machine's memory.
    std::cerr << "mlp " << command->name << ": error: out of memory: the input needs more memory than is available\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "mlp " << command->name << ": error: " << e.what() << "\n";
    return 1;
  }
}
