#include "mtp/fit/training_checkpoint.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/mtp_file.hpp"

namespace mtp::fit {
namespace {

const char kMagic[] = "OpenMTP training state 1";

// Hexadecimal floating point: exact, and strtod reads it back (with inf and nan).
std::string exact(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", v);
  return buf;
}

}  // namespace

void save_checkpoint(const std::string& path, const TrainingCheckpoint& c) {
  const std::vector<double> theta = c.potential.parameters();
  if (theta.size() != c.optimizer.x.size()) throw Error("checkpoint: the optimiser's point does not match the potential");
  {
    io::AtomicOutputFile state(path + ".state", false, true);
    std::ostream& out = state.stream();
    out << kMagic << "\n"
        << "stage " << c.stage << "\n"
        << "iteration " << c.optimizer.iteration << "\n"
        << "window_start " << exact(c.optimizer.window_start) << "\n"
        << "last_window_decrease " << exact(c.optimizer.last_window_decrease) << "\n"
        << "scaling " << exact(c.potential.scaling) << "\n"
        << "min_dist " << exact(c.potential.radial.min_dist) << "\n"
        << "parameters " << c.optimizer.x.size() << "\n"
        << "memory " << c.optimizer.memory.size() << "\n"
        << "binary\n";
    out.write(reinterpret_cast<const char*>(c.optimizer.x.data()), std::streamsize(c.optimizer.x.size() * sizeof(double)));
    out.write(reinterpret_cast<const char*>(c.optimizer.memory.data()),
              std::streamsize(c.optimizer.memory.size() * sizeof(double)));
    if (!out) throw Error("cannot write " + path + ".state");
    state.commit();
  }
  io::save_potential(path, c.potential);
}

TrainingCheckpoint load_checkpoint(const std::string& path) {
  TrainingCheckpoint c;
  c.potential = io::load_potential(path);
  const std::string state_path = path + ".state";
  std::ifstream in(state_path, std::ios::binary);
  if (!in) throw Error("cannot open " + state_path + " (a checkpoint is the .mtp file and its .state file)");
  int line_number = 0;
  auto expect = [&](const std::string& key) {
    std::string line;
    ++line_number;
    if (!std::getline(in, line)) throw Error(state_path + ":" + std::to_string(line_number) + ": expected '" + key + "', found the end of the file");
    if (key == kMagic) {
      if (line != kMagic) throw Error(state_path + ":1: expected '" + std::string(kMagic) + "' (not an OpenMTP training state, or an older one)");
      return std::string();
    }
    if (line.compare(0, key.size() + 1, key + " ") != 0 && line != key)
      throw Error(state_path + ":" + std::to_string(line_number) + ": expected '" + key + " ...', found '" + line + "'");
    return line.size() > key.size() ? line.substr(key.size() + 1) : std::string();
  };
  auto number = [&](const std::string& key) {
    const std::string text = expect(key);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0')
      throw Error(state_path + ":" + std::to_string(line_number) + ": expected a number after '" + key + "', found '" + text + "'");
    return v;
  };
  auto count = [&](const std::string& key) {
    const double v = number(key);
    if (!(v >= 0.0) || v != std::floor(v) || v > 1e10)
      throw Error(state_path + ":" + std::to_string(line_number) + ": expected a count after '" + key + "'");
    return std::size_t(v);
  };
  expect(kMagic);
  c.stage = expect("stage");
  if (c.stage != "pre-training" && c.stage != "training")
    throw Error(state_path + ":2: expected stage pre-training or training, found '" + c.stage + "'");
  c.optimizer.iteration = int(count("iteration"));
  c.optimizer.window_start = number("window_start");
  c.optimizer.last_window_decrease = number("last_window_decrease");
  c.potential.scaling = number("scaling");
  c.potential.radial.min_dist = number("min_dist");
  const std::size_t n = count("parameters"), m = count("memory");
  expect("binary");
  if (n != c.potential.parameter_count())
    throw Error(state_path + ": " + std::to_string(n) + " parameters, but " + path + " has " +
                std::to_string(c.potential.parameter_count()));
  c.optimizer.x.resize(n);
  c.optimizer.memory.resize(m);
  in.read(reinterpret_cast<char*>(c.optimizer.x.data()), std::streamsize(n * sizeof(double)));
  in.read(reinterpret_cast<char*>(c.optimizer.memory.data()), std::streamsize(m * sizeof(double)));
  if (!in || in.peek() != std::char_traits<char>::eof())
    throw Error(state_path + ": expected " + std::to_string(n + m) + " binary numbers after line " +
                std::to_string(line_number) + ", the file is " + (in ? "longer" : "shorter"));
  c.potential.set_parameters(c.optimizer.x);
  c.potential.trained = true;
  return c;
}

}  // namespace mtp::fit
