#pragma once
#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace mtp::io {

// Buffered reading of a .cfg stream as MLIP-2 reads it: whitespace-separated tokens, the rest of a line
// (block headers, feature values) and raw bytes (binary records), with the line number of every token
// kept for error messages. Holds a bounded buffer, so files of any size stream in constant memory.
class CfgInput {
 public:
  CfgInput(std::istream& in, std::string name);

  const std::string& name() const { return name_; }
  // Line of the last token returned by token() (1-based); at the end of the input, of the last real token.
  long token_line() const { return token_line_; }
  // Line of the current read position.
  long line() const { return line_; }
  // Bytes consumed so far (binary records report positions by offset).
  std::size_t offset() const { return consumed_ + pos_; }

  // Skips whitespace and returns the next byte without consuming it; -1 at the end of the input.
  int peek_nonblank();
  // The next whitespace-delimited token, empty at the end of the input. Valid until the next call.
  std::string_view token();
  // Puts the last token back (it is returned again by the next token()).
  void unread_token();
  // The rest of the current line, without the newline (consumed) or a trailing '\r'.
  std::string rest_of_line();
  // Consumes one byte if there is one; returns it (or -1). Counts newlines.
  int get_byte();
  // Reads exactly n raw bytes; false if the input ends first.
  bool read_bytes(void* dst, std::size_t n);

  [[noreturn]] void fail(const std::string& what) const;  // at token_line()
  [[noreturn]] void fail_at(long line, const std::string& what) const;

 private:
  // Reads more input, keeping bytes from `keep` on; returns false when nothing more could be read.
  bool fill(std::size_t& keep);
  std::istream& in_;
  std::string name_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  std::size_t consumed_ = 0;  // bytes dropped from the front of buf_ so far
  std::size_t last_token_size_ = 0;
  long line_ = 1;
  long token_line_ = 1;
};

// Number parsing for .cfg tokens: the whole token must be a number. `what` names the value in the message.
double parse_cfg_double(const CfgInput& input, std::string_view token, const char* what);
long parse_cfg_long(const CfgInput& input, std::string_view token, const char* what);
bool looks_numeric(std::string_view token);

}  // namespace mtp::io
