#pragma once
// MLIP-3's --log option: "stdout" (its default), "none" (no log) or a file name.
#include <fstream>
#include <iostream>
#include <string>

#include "mtp/core/error.hpp"

namespace mtp::cli {

class LogDestination {
 public:
  explicit LogDestination(const std::string& where) {
    if (where == "stdout") {
      stream_ = &std::cout;
    } else if (where != "none" && !where.empty()) {
      file_.open(where);
      if (!file_) throw Error("cannot write the log file " + where);
      stream_ = &file_;
    }
  }
  // Null when the log is off.
  std::ostream* stream() { return stream_; }

 private:
  std::ofstream file_;
  std::ostream* stream_ = nullptr;
};

}  // namespace mtp::cli
