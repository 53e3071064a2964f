#include <algorithm>

#include "mtp/cli/command.hpp"

namespace mtp::cli {

CommandRegistry& CommandRegistry::instance() {
  static CommandRegistry registry;
  return registry;
}

void CommandRegistry::add(Command command) {
  commands_.push_back(std::move(command));
  std::sort(commands_.begin(), commands_.end(), [](const Command& a, const Command& b) { return a.name < b.name; });
}

const Command* CommandRegistry::find(const std::string& name) const {
  const std::string key = CommandLine::normalise(name);
  for (const Command& c : commands_) {
    if (CommandLine::normalise(c.name) == key) return &c;
    for (const std::string& a : c.aliases)
      if (CommandLine::normalise(a) == key) return &c;
  }
  return nullptr;
}

}  // namespace mtp::cli
