#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mtp/core/option_table.hpp"

namespace mtp::cli {

// The arguments of one `mlp` command in MLIP-2's syntax: positional arguments and `--name=value`
// options (a bare `--name` means "true"; `--` ends the options). Option names are normalised so
// MLIP-2's `--max-iter` and MLIP-3's `--max_iter` are the same option. `mlp` binds the command's option table
// before the command runs (bind), so every option is known and checked; commands read options().
class CommandLine {
 public:
  // Throws mtp::Error on a single-dash option such as `-x`.
  static CommandLine parse(const std::vector<std::string>& tokens);

  const std::vector<std::string>& args() const { return args_; }
  const std::string& arg(std::size_t i) const { return args_.at(i); }
  std::size_t arg_count() const { return args_.size(); }
  // Throws mtp::Error with `usage` unless min <= count <= max.
  void require_args(std::size_t min, std::size_t max, const std::string& usage) const;

  // Each lookup accepts several spellings (e.g. {"als-filename", "mvs-filename"}).
  bool has(std::initializer_list<const char*> names) const;
  std::string text(std::initializer_list<const char*> names, const std::string& fallback) const;
  double number(std::initializer_list<const char*> names, double fallback) const;
  long integer(std::initializer_list<const char*> names, long fallback) const;
  // true for "true", "TRUE", "True", "1", "yes" (and a bare flag); false for the opposites.
  bool flag(std::initializer_list<const char*> names, bool fallback = false) const;

  // True when one of these options was written with '_' (MLIP-3's spelling), for the commands whose MLIP-2
  // and MLIP-3 behaviours differ under one name. Does not mark the option used.
  bool spelled_with_underscore(std::initializer_list<const char*> names) const;

  // Puts every option into `values` as the command line's: an unknown name (with the nearest known one
  // suggested), a wrong type or a value out of range throws mtp::Error before the command does any work.
  void apply_to(OptionValues& values) const;
  // Checks the options against the command's table (as apply_to) and keeps the values for options().
  void bind(const OptionTable& table);
  // The checked values of every option of the bound table, given or defaulted.
  const OptionValues& options() const;

  static std::string normalise(const std::string& name);

 private:
  const std::string* find(std::initializer_list<const char*> names) const;
  std::vector<std::string> args_;
  std::map<std::string, std::string> options_;  // normalised name -> value
  std::map<std::string, std::string> spelled_;  // normalised name -> as the user wrote it
  std::shared_ptr<const OptionValues> values_;
};

}  // namespace mtp::cli
