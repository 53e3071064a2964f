#include "mtp/cli/command_line.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "mtp/core/error.hpp"

namespace mtp::cli {

std::string CommandLine::normalise(const std::string& name) { return normalise_option_name(name); }

CommandLine CommandLine::parse(const std::vector<std::string>& tokens) {
  CommandLine cl;
  bool options_done = false;
  for (const std::string& t : tokens) {
    if (!options_done && t == "--") {
      options_done = true;
    } else if (!options_done && t.size() > 2 && t[0] == '-' && t[1] == '-') {
      const std::size_t eq = t.find('=');
      const std::string name = t.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      const std::string value = eq == std::string::npos ? "true" : t.substr(eq + 1);
      const std::string key = normalise(name);
      cl.options_[key] = value;
      cl.spelled_[key] = "--" + name;
    } else if (!options_done && t.size() > 1 && t[0] == '-' && !(std::isdigit(static_cast<unsigned char>(t[1])) || t[1] == '.')) {
      throw Error("option '" + t + "' is not understood: options are written --name=value");
    } else {
      cl.args_.push_back(t);
    }
  }
  return cl;
}

void CommandLine::require_args(std::size_t min, std::size_t max, const std::string& usage) const {
  if (args_.size() < min || args_.size() > max)
    throw Error("expected " + (min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max)) +
                " arguments, got " + std::to_string(args_.size()) + "; usage: " + usage);
}

const std::string* CommandLine::find(std::initializer_list<const char*> names) const {
  const std::string* found = nullptr;
  for (const char* n : names) {
    const std::string key = normalise(n);
    auto it = options_.find(key);
    if (it != options_.end() && !found) found = &it->second;
  }
  return found;
}

bool CommandLine::spelled_with_underscore(std::initializer_list<const char*> names) const {
  for (const char* n : names) {
    auto it = spelled_.find(normalise(n));
    if (it != spelled_.end() && it->second.find('_') != std::string::npos) return true;
  }
  return false;
}

bool CommandLine::has(std::initializer_list<const char*> names) const { return find(names) != nullptr; }

std::string CommandLine::text(std::initializer_list<const char*> names, const std::string& fallback) const {
  const std::string* v = find(names);
  return v ? *v : fallback;
}

double CommandLine::number(std::initializer_list<const char*> names, double fallback) const {
  const std::string* v = find(names);
  if (!v) return fallback;
  char* end = nullptr;
  errno = 0;
  const double d = std::strtod(v->c_str(), &end);
  if (v->empty() || *end != '\0' || errno == ERANGE)
    throw Error("option --" + std::string(*names.begin()) + " expects a number, got '" + *v + "'");
  if (!std::isfinite(d))
    throw Error("option --" + std::string(*names.begin()) + " expects a finite number, got '" + *v + "'");
  return d;
}

long CommandLine::integer(std::initializer_list<const char*> names, long fallback) const {
  const std::string* v = find(names);
  if (!v) return fallback;
  char* end = nullptr;
  errno = 0;
  const long i = std::strtol(v->c_str(), &end, 10);
  if (v->empty() || *end != '\0' || errno == ERANGE)
    throw Error("option --" + std::string(*names.begin()) + " expects an integer, got '" + *v + "'");
  return i;
}

bool CommandLine::flag(std::initializer_list<const char*> names, bool fallback) const {
  const std::string* v = find(names);
  if (!v) return fallback;
  std::string s = *v;
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s == "true" || s == "1" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "0" || s == "no" || s == "off") return false;
  throw Error("option --" + std::string(*names.begin()) + " expects true or false, got '" + *v + "'");
}

void CommandLine::apply_to(OptionValues& values) const {
  // In the order the user wrote them would be nicer, but the map keeps them by name; either way the first bad
  // one is reported, and all are checked before any work.
  for (const auto& [key, value] : options_) values.set(spelled_.at(key).substr(2), value, OptionSource::CommandLine);
}

void CommandLine::bind(const OptionTable& table) {
  auto values = std::make_shared<OptionValues>(table);
  apply_to(*values);
  values_ = std::move(values);
}

const OptionValues& CommandLine::options() const {
  if (!values_) throw Error("internal: the command's options were read before they were checked");
  return *values_;
}

}  // namespace mtp::cli
