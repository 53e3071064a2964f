#pragma once
// Where a long call's log goes: a sink takes one whole line (without its newline). A caller picks the
// destination (a stream, a terminal that must first end its live progress line, a Python callable) by the
// function it passes, so the library needs no custom stream buffers; an empty sink means quiet.
#include <functional>
#include <ostream>
#include <string>

namespace mtp {

using LogSink = std::function<void(const std::string& line)>;

// Writes each line to `out` with a newline and flushes (a log read while the run goes on is up to date).
inline LogSink stream_sink(std::ostream& out) {
  return [&out](const std::string& line) { out << line << '\n' << std::flush; };
}

}  // namespace mtp
