#pragma once
#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace mtp::io {

// Line-by-line reading for the text parsers, keeping the file name and line number so every error can say
// where the input went wrong. Numbers are parsed locale-independently and must be finite.
class LineSource {
 public:
  LineSource(std::istream& in, std::string name) : in_(in), name_(std::move(name)) {}

  // The next line without its end-of-line characters; false at the end of the input.
  bool next(std::string& line);
  // The next line, or an error "unexpected end of file: expected <what>".
  std::string require(const std::string& what);

  long line_number() const { return line_; }
  const std::string& name() const { return name_; }

  // Throws mtp::Error(name, current line, what).
  [[noreturn]] void fail(const std::string& what) const;
  [[noreturn]] void fail_at(long line, const std::string& what) const;

  double to_double(std::string_view token, const std::string& what) const;
  long to_long(std::string_view token, const std::string& what) const;
  // A count of items: a non-negative integer no larger than `max`.
  std::size_t to_count(std::string_view token, const std::string& what, std::size_t max = 100000000) const;

 private:
  std::istream& in_;
  std::string name_;
  long line_ = 0;
};

// Whitespace-separated tokens of a line (views into it).
std::vector<std::string_view> split_tokens(std::string_view line);
std::string_view trim(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
// Double with the shortest decimal text that reads back to the same value.
std::string shortest_repr(double value);
// Parses a finite double (a leading '+' allowed); false when `token` is not exactly one finite number.
bool parse_finite_double(std::string_view token, double& value);
bool parse_long(std::string_view token, long& value);

}  // namespace mtp::io
