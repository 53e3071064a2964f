#pragma once
#include <functional>
#include <string>
#include <vector>

#include "mtp/cli/command_line.hpp"

namespace mtp::cli {

// One `mlp` command. Each lives in its own file (cmd_<name>.cpp) and registers itself with a
// static RegisterCommand, so adding a command touches no shared list.
struct Command {
  std::string name;                  // MLIP-2 spelling, e.g. "calc-efs"
  std::vector<std::string> aliases;  // other spellings, e.g. MLIP-3's "calculate_efs"
  std::string usage;                 // "mlp calc-efs pot.mtp in.cfg out.cfg"
  std::string summary;               // one line for `mlp list`
  std::string help;                  // full text for `mlp help <name>` (options and defaults)
  std::function<int(const CommandLine&)> run;
  bool documented = true;            // false: listed by `mlp list-undocumented` only
  // Every option the command takes: `mlp` checks the given ones against it before run (an unknown or
  // misspelled option is an error, not a warning after the work) and `mlp help <name>` lists it.
  OptionTable options{};
};

class CommandRegistry {
 public:
  static CommandRegistry& instance();
  void add(Command command);
  const Command* find(const std::string& name) const;  // by name or alias, '_' and '-' alike
  const std::vector<Command>& all() const { return commands_; }

 private:
  std::vector<Command> commands_;
};

struct RegisterCommand {
  explicit RegisterCommand(Command command) { CommandRegistry::instance().add(std::move(command)); }
  RegisterCommand(Command command, OptionTable options) {
    command.options = std::move(options);
    CommandRegistry::instance().add(std::move(command));
  }
  // The command's option table, named after the command.
  RegisterCommand(Command command, std::vector<OptionSpec> options) {
    command.options = OptionTable(command.name, std::move(options));
    CommandRegistry::instance().add(std::move(command));
  }
};

}  // namespace mtp::cli
