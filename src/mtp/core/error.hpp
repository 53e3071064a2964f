#pragma once
#include <stdexcept>
#include <string>

namespace mtp {

// The one exception type of the library. Parsers fill `file` and `line` so the message a user sees says
// where the input went wrong: "train.cfg:17: expected 8 columns in AtomData, got 7".
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message), message_(message) {}
  Error(const std::string& file, long line, const std::string& message)
      : std::runtime_error(format(file, line, message)), file_(file), line_(line), message_(message) {}

  const std::string& file() const { return file_; }
  long line() const { return line_; }            // 1-based; 0 when unknown
  const std::string& message() const { return message_; }  // without the file:line prefix

 private:
  static std::string format(const std::string& file, long line, const std::string& message) {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line);
    return s.empty() ? message : s + ": " + message;
  }
  std::string file_;
  long line_ = 0;
  std::string message_;
};

}  // namespace mtp
