#include "mtp/io/cfg_input.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>

#include "mtp/core/error.hpp"

namespace mtp::io {
namespace {

constexpr std::size_t kChunk = 1 << 16;

inline bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string quoted(std::string_view token) {
  std::string s(token.substr(0, 40));
  if (token.size() > 40) s += "...";
  return "'" + s + "'";
}

}  // namespace

CfgInput::CfgInput(std::istream& in, std::string name) : in_(in), name_(std::move(name)), buf_(kChunk) {}

bool CfgInput::fill(std::size_t& keep) {
  if (keep > 0) {
    std::memmove(buf_.data(), buf_.data() + keep, end_ - keep);
    end_ -= keep;
    pos_ -= keep;
    consumed_ += keep;
    keep = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);  // a token longer than the buffer
  if (!in_) return false;
  in_.read(buf_.data() + end_, static_cast<std::streamsize>(buf_.size() - end_));
  const std::size_t got = static_cast<std::size_t>(in_.gcount());
  end_ += got;
  return got > 0;
}

int CfgInput::peek_nonblank() {
  for (;;) {
    while (pos_ < end_ && is_space(buf_[pos_])) {
      if (buf_[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (pos_ < end_) return static_cast<unsigned char>(buf_[pos_]);
    std::size_t keep = pos_;
    if (!fill(keep)) return -1;
  }
}

std::string_view CfgInput::token() {
  if (peek_nonblank() < 0) {  // token_line() stays at the last token, where an error at the end belongs
    last_token_size_ = 0;
    return {};
  }
  token_line_ = line_;
  std::size_t start = pos_;
  for (;;) {
    while (pos_ < end_ && !is_space(buf_[pos_])) ++pos_;
    if (pos_ < end_) break;
    if (!fill(start)) break;
  }
  last_token_size_ = pos_ - start;
  return std::string_view(buf_.data() + start, pos_ - start);
}

void CfgInput::unread_token() {
  pos_ -= last_token_size_;
  line_ = token_line_;
  last_token_size_ = 0;
}

std::string CfgInput::rest_of_line() {
  std::string out;
  for (;;) {
    const char* begin = buf_.data() + pos_;
    const void* nl = std::memchr(begin, '\n', end_ - pos_);
    if (nl) {
      const std::size_t n = static_cast<const char*>(nl) - begin;
      out.append(begin, n);
      pos_ += n + 1;
      ++line_;
      break;
    }
    out.append(begin, end_ - pos_);
    pos_ = end_;
    std::size_t keep = pos_;
    if (!fill(keep)) break;
  }
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

int CfgInput::get_byte() {
  if (pos_ == end_) {
    std::size_t keep = pos_;
    if (!fill(keep)) return -1;
  }
  const char c = buf_[pos_++];
  if (c == '\n') ++line_;
  return static_cast<unsigned char>(c);
}

bool CfgInput::read_bytes(void* dst, std::size_t n) {
  char* out = static_cast<char*>(dst);
  while (n > 0) {
    if (pos_ == end_) {
      std::size_t keep = pos_;
      if (!fill(keep)) return false;
    }
    const std::size_t k = std::min(n, end_ - pos_);
    std::memcpy(out, buf_.data() + pos_, k);
    pos_ += k;
    out += k;
    n -= k;
  }
  return true;
}

void CfgInput::fail(const std::string& what) const { throw Error(name_, token_line_, what); }
void CfgInput::fail_at(long line, const std::string& what) const { throw Error(name_, line, what); }

bool looks_numeric(std::string_view t) {
  if (t.empty()) return false;
  std::size_t i = (t[0] == '+' || t[0] == '-') ? 1 : 0;
  if (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.')) return true;
  // nan and inf are numbers in the wrong place, not field names: parse_cfg_double then says they are not finite
  // (otherwise a NaN in a row reads as a missing column, and one in a Supercell as an unknown field).
  auto lower = [&](std::size_t k) { return static_cast<char>(std::tolower(static_cast<unsigned char>(t[k]))); };
  return t.size() >= i + 3 && ((lower(i) == 'n' && lower(i + 1) == 'a' && lower(i + 2) == 'n') ||
                               (lower(i) == 'i' && lower(i + 1) == 'n' && lower(i + 2) == 'f'));
}

double parse_cfg_double(const CfgInput& input, std::string_view t, const char* what) {
  if (t.empty()) input.fail(std::string("file ended where ") + what + " was expected");
  std::string_view s = t;
  if (s.size() > 1 && s[0] == '+' && s[1] != '-') s.remove_prefix(1);
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec == std::errc::result_out_of_range) input.fail(std::string("number out of range for ") + what + ": " + quoted(t));
  if (r.ec != std::errc() || r.ptr != s.data() + s.size())
    input.fail(std::string("expected a number for ") + what + ", got " + quoted(t));
  if (!std::isfinite(v)) input.fail(std::string("expected a finite number for ") + what + ", got " + quoted(t));
  return v;
}

long parse_cfg_long(const CfgInput& input, std::string_view t, const char* what) {
  if (t.empty()) input.fail(std::string("file ended where ") + what + " was expected");
  std::string_view s = t;
  if (s.size() > 1 && s[0] == '+' && s[1] != '-') s.remove_prefix(1);
  long v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || v > 2147483647L || v < -2147483647L)
    input.fail(std::string("expected an integer for ") + what + ", got " + quoted(t));
  return v;
}

}  // namespace mtp::io
