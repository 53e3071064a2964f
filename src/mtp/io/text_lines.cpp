#include "mtp/io/text_lines.hpp"

#include <charconv>
#include <cmath>

#include "mtp/core/error.hpp"

namespace mtp::io {

bool LineSource::next(std::string& line) {
  if (!std::getline(in_, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  ++line_;
  return true;
}

std::string LineSource::require(const std::string& what) {
  std::string line;
  if (!next(line)) fail_at(line_ + 1, "unexpected end of file: expected " + what);
  return line;
}

void LineSource::fail(const std::string& what) const { throw Error(name_, line_, what); }
void LineSource::fail_at(long line, const std::string& what) const { throw Error(name_, line, what); }

double LineSource::to_double(std::string_view token, const std::string& what) const {
  double v = 0.0;
  if (!parse_finite_double(token, v)) fail("expected " + what + " (a finite number), got '" + std::string(token) + "'");
  return v;
}

long LineSource::to_long(std::string_view token, const std::string& what) const {
  long v = 0;
  if (!parse_long(token, v)) fail("expected " + what + " (an integer), got '" + std::string(token) + "'");
  return v;
}

std::size_t LineSource::to_count(std::string_view token, const std::string& what, std::size_t max) const {
  const long v = to_long(token, what);
  if (v < 0 || static_cast<unsigned long>(v) > max)
    fail("expected " + what + " between 0 and " + std::to_string(max) + ", got " + std::to_string(v));
  return static_cast<std::size_t>(v);
}

std::vector<std::string_view> split_tokens(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  const std::size_t n = line.size();
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
  while (i < n) {
    while (i < n && space(line[i])) ++i;
    const std::size_t start = i;
    while (i < n && !space(line[i])) ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string shortest_repr(double value) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, r.ptr);
}

bool parse_finite_double(std::string_view token, double& value) {
  if (!token.empty() && token.front() == '+') token.remove_prefix(1);
  if (token.empty() || token.front() == '+') return false;
  const char* end = token.data() + token.size();
  const auto r = std::from_chars(token.data(), end, value);
  return r.ec == std::errc() && r.ptr == end && std::isfinite(value);
}

bool parse_long(std::string_view token, long& value) {
  if (!token.empty() && token.front() == '+') token.remove_prefix(1);
  if (token.empty() || token.front() == '+') return false;
  const char* end = token.data() + token.size();
  const auto r = std::from_chars(token.data(), end, value);
  return r.ec == std::errc() && r.ptr == end;
}

}  // namespace mtp::io
