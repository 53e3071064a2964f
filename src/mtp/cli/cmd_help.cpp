#include <iostream>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"

namespace mtp::cli {
namespace {

void print_list(bool documented) {
  for (const Command& c : CommandRegistry::instance().all()) {
    if (c.documented != documented) continue;
    std::string names = c.name;
    for (const std::string& a : c.aliases) names += ", " + a;
    std::cout << "  " << names << "\n      " << c.summary << "\n";
  }
}

int run_help(const CommandLine& cl) {
  if (cl.arg_count() == 0) {
    std::cout << "mlp: Moment Tensor Potentials (OpenMTP), MLIP-2 compatible command line.\n"
                 "Usage: mlp <command> [arguments] [--option=value ...]\n"
                 "       mlp help <command>   details of one command\n"
                 "       mlp list             the commands\n"
                 "       mlp --version        the version\n"
                 "Options are written --name=value; MLIP-3's --name_value spellings are accepted ('_' and '-' alike).\n"
                 "An unknown or misspelled option is an error before the command starts.\n";
    return 0;
  }
  const Command* c = CommandRegistry::instance().find(cl.arg(0));
  if (!c) throw Error("no command named '" + cl.arg(0) + "' (mlp list shows the commands)");
  std::cout << "Usage: " << c->usage << "\n" << c->summary << "\n";
  if (!c->aliases.empty()) {
    std::cout << "Also spelled:";
    for (const std::string& a : c->aliases) std::cout << " " << a;
    std::cout << "\n";
  }
  if (!c->help.empty()) std::cout << "\n" << c->help << "\n";
  if (c->options.options().empty()) std::cout << "\nOptions: none\n";
  else std::cout << "\nOptions:\n" << c->options.help();
  return 0;
}

const RegisterCommand help_command({"help", {}, "mlp help [command]", "prints help for mlp or for one command", "",
                                    run_help});
const RegisterCommand list_command({"list", {}, "mlp list", "lists the documented commands", "",
                                    [](const CommandLine&) {
                                      print_list(true);
                                      return 0;
                                    }});
const RegisterCommand list_undocumented_command({"list-undocumented", {}, "mlp list-undocumented",
                                                 "lists the less common commands", "",
                                                 [](const CommandLine&) {
                                                   print_list(false);
                                                   return 0;
                                                 },
                                                 false});

}  // namespace
}  // namespace mtp::cli
