// mindist: the smallest interatomic distance of a database, stored as a feature of each configuration.
#include <cmath>
#include <iostream>
#include <limits>
#include <map>

#include "mtp/cli/command.hpp"
#include "mtp/io/cfg_operations.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/cfg_transforms.hpp"

namespace mtp::cli {
namespace {

int run_mindist(const CommandLine& cl) {
  cl.require_args(1, 1, "mlp mindist db.cfg [--no-overwrite] [--types | --no_types]");
  const std::string path = cl.arg(0);
  const bool overwrite = !cl.options().flag("no-overwrite");
  // MLIP-3's per-type-pair form when asked for (--types) or when the options are spelled MLIP-3's way
  // (--no_overwrite); --no_types, or MLIP-2's spelling, gives MLIP-2's single value.
  const bool mlip3 = cl.spelled_with_underscore({"no-overwrite", "no-types"});
  const bool by_types = !cl.options().flag("no-types") && (cl.options().flag("types") || mlip3);
  auto reader = io::make_cfg_reader(path);
  // Rewriting goes to a temporary file renamed over db.cfg at the end, so reading and writing the same
  // path streams safely and an error leaves db.cfg as it was.
  std::unique_ptr<io::ConfigurationWriter> writer;
  if (overwrite) writer = io::make_cfg_text_writer(path, false);
  double global = std::numeric_limits<double>::infinity();
  std::map<std::pair<int, int>, double> global_pairs;
  Configuration cfg;
  while (reader->next(cfg)) {
    if (by_types) {
      const auto pairs = io::mindists_by_type_pair(cfg);
      for (const auto& [pair, d] : pairs) {
        global = std::min(global, d);
        auto it = global_pairs.find(pair);
        if (it == global_pairs.end()) global_pairs.emplace(pair, d);
        else it->second = std::min(it->second, d);
      }
      if (writer) cfg.features["mindists"] = io::mindists_feature(pairs);
    } else {
      const double d = io::mindist(cfg);
      global = std::min(global, d);
      if (writer) cfg.features["mindist"] = io::feature_number(d);
    }
    if (writer) writer->write(cfg);
  }
  if (writer) writer->close();
  std::cout << "Global mindist: " << global << std::endl;
  for (const auto& [pair, d] : global_pairs)
    std::cout << "mindist(" << pair.first << ", " << pair.second << ") = " << d << std::endl;
  return 0;
}

const RegisterCommand mindist_command({
    "mindist",
    {},
    "mlp mindist db.cfg [--no-overwrite]",
    "prints the smallest interatomic distance in db.cfg and stores each configuration's as Feature mindist",
    "Periodic images count. Without --no-overwrite, db.cfg is rewritten (text .cfg) with `Feature mindist`\n"
    "on every configuration.",
    run_mindist},
    {
        OptionSpec("no-overwrite", OptionType::Flag, "false", "only print the global minimum")
            .mlip2("no-overwrite").mlip3("no_overwrite"),
        OptionSpec("types", OptionType::Flag, "false",
                   "MLIP-3's form: also print `mindist(a, b) = x` for every pair of types and store `Feature "
                   "mindists {(0,0):x,(0,1):y,...}`; chosen too when options are spelled MLIP-3's way (--no_overwrite)"),
        OptionSpec("no-types", OptionType::Flag, "false", "MLIP-3's option for the single value (MLIP-2's form)")
            .mlip3("no_types"),
    });

}  // namespace
}  // namespace mtp::cli
