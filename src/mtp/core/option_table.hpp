#pragma once
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace mtp {

// One keyword table per command. The command line (`--max-iter=5`, `--max_iter=5`), Python keyword arguments
// (`max_iter=5`) and TOML settings files (`max_iter = 5`) all read options through the table, so an option's
// name, its MLIP-2 and MLIP-3 spellings, type, default, range and help are written once, and help text is
// generated from it. Names compare with '-' and '_' alike. Adding an option to a command is one table entry.

enum class OptionType { Flag, Integer, Number, Text, Choice };

// The front ends an option is offered in (a bit set): a file name that Python handles itself, for instance,
// is not a keyword argument of the compiled function.
enum OptionScope : unsigned {
  kCommandLineScope = 1u,
  kPythonScope = 2u,
  kSettingsFileScope = 4u,
  kEveryFrontEnd = 7u,
};

struct OptionSpec {
  OptionSpec(std::string name, OptionType type, std::string default_value, std::string help);

  // Chained setters, so a table entry reads as one statement.
  OptionSpec& mlip2(std::string spelling);  // MLIP-2's spelling ("max-iter"), when MLIP-2 has the option
  OptionSpec& mlip3(std::string spelling);  // MLIP-3's spelling ("iteration_limit"), when MLIP-3 has it
  OptionSpec& alias(std::string spelling);  // any other accepted spelling
  OptionSpec& at_least(double lowest);      // Integer and Number: the smallest accepted value
  OptionSpec& at_most(double highest);
  OptionSpec& choices(std::vector<std::string> accepted);  // Choice: the accepted words
  OptionSpec& only_in(unsigned scope);      // OptionScope bits

  // Every spelling: the name, MLIP-2's, MLIP-3's and the aliases.
  std::vector<std::string> spellings() const;

  std::string name;           // OpenMTP's name, '-' separated ("max-iter"); Python and TOML write '_'
  OptionType type;
  std::string default_value;  // as the command line writes it; empty: no default (the option is absent)
  std::string help;
  std::string mlip2_spelling, mlip3_spelling;
  std::vector<std::string> aliases;
  double lowest = -std::numeric_limits<double>::infinity();
  double highest = std::numeric_limits<double>::infinity();
  std::vector<std::string> accepted;
  unsigned scope = kEveryFrontEnd;
};

// Where a value came from; an option given in several places takes the latest (a settings file is read
// before the command line, so the command line overrides it).
enum class OptionSource { Default, SettingsFile, CommandLine, Python, Program };

std::string option_source_name(OptionSource source);  // "default", "settings file", "command line", ...

class OptionTable {
 public:
  OptionTable() = default;
  OptionTable(std::string command, std::vector<OptionSpec> options);  // throws on a spelling used twice

  const std::string& command() const { return command_; }
  const std::vector<OptionSpec>& options() const { return options_; }

  // The option with this spelling ('-' and '_' alike), or null.
  const OptionSpec* find(const std::string& spelling) const;
  // The option `name` (a spelling); throws mtp::Error when the table has none (a programming error).
  const OptionSpec& at(const std::string& name) const;
  // The known spelling closest to an unknown `spelling` (edit distance, or one containing the other), as the
  // table writes it ("max-iter", "iteration_limit"); empty when none is close enough to be a likely misspelling.
  std::string nearest(const std::string& spelling) const;

  // One line (or more) per option, for `mlp help <command>`: "--max-iter=1000  (MLIP-3: --iteration_limit) ...".
  std::string help() const;

 private:
  std::string command_;
  std::vector<OptionSpec> options_;
};

// '-' for '_': the form names compare in.
std::string normalise_option_name(const std::string& spelling);

// The values of one run: every option of a table, given or defaulted. Values are checked when set (type,
// range, choices), so a bad option fails before any work starts.
class OptionValues {
 public:
  explicit OptionValues(const OptionTable& table);

  // Sets the option spelled `spelling` to `value` (text as on a command line). Throws mtp::Error for an
  // unknown spelling (naming the nearest known option as the front end `source` writes it), for an option not
  // offered in that front end, and for a value of the wrong type or outside the range.
  void set(const std::string& spelling, const std::string& value, OptionSource source);

  bool given(const std::string& name) const;  // set by any front end (not defaulted)
  OptionSource source(const std::string& name) const;
  // The value as text: the given one, else the default (empty when neither).
  const std::string& text(const std::string& name) const;
  double number(const std::string& name) const;
  long integer(const std::string& name) const;
  bool flag(const std::string& name) const;

  const OptionTable& table() const { return *table_; }

  // "name = value  (source)" for every option with a value, in table order, for a log.
  std::string describe() const;

 private:
  const OptionTable* table_;
  struct Value {
    std::string text;
    OptionSource source = OptionSource::Default;
  };
  std::map<std::string, Value> values_;  // by OptionSpec::name
};

// How a front end writes an option name: "--max-iter" on the command line, "max_iter" in Python and TOML.
std::string option_name_as_written(const std::string& name, OptionSource source);

// The shortest decimal text that reads back as exactly v: how numbers are handed to an option table and
// written to settings files.
std::string shortest_number_text(double v);

// Parses text as the type of `spec` says; throws mtp::Error "option --max-iter expects ..." otherwise.
// `written`: the spelling the user gave (MLIP-3's `--al_mode`), named in the message; empty: the table's name.
void check_option_value(const OptionSpec& spec, const std::string& value, OptionSource source,
                        const std::string& written = "");

}  // namespace mtp
