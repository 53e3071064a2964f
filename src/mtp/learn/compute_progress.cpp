#include "mtp/learn/compute_progress.hpp"

#include <chrono>
#include <cstdio>
#include <ostream>

namespace mtp::learn {

std::string readable_duration(double seconds) {
  char text[64];
  if (seconds < 120) std::snprintf(text, sizeof text, "%.0f s", seconds);
  else if (seconds < 7200) std::snprintf(text, sizeof text, "%.1f min", seconds / 60);
  else std::snprintf(text, sizeof text, "%.1f h", seconds / 3600);
  return text;
}

std::function<void(std::size_t, std::size_t)> oracle_progress_lines(std::ostream& out, const std::string& label) {
  const auto start = std::chrono::steady_clock::now();
  return [&out, label, start](std::size_t done, std::size_t total) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string line = label + std::to_string(done) + "/" + std::to_string(total) + " done, " +
                       readable_duration(elapsed) + " elapsed";
    if (done > 0 && done < total)
      line += ", about " + readable_duration(elapsed / double(done) * double(total - done)) + " left";
    out << line << std::endl;  // flushed: the line reaches a log file now, not when the stage ends
  };
}

}  // namespace mtp::learn
