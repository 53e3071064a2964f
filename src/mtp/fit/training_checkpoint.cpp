#include "mtp/fit/training_checkpoint.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/io/input_path.hpp"

namespace mtp::fit {
namespace {

const char kMagic[] = "OpenMTP training state 2";

// FNV-1a, 64 bits: detects a corrupted state block (not an adversary).
std::uint64_t fnv1a(const void* data, std::size_t n, std::uint64_t h = 0xcbf29ce484222325ULL) {
  const unsigned char* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

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
    std::ostringstream head;
    head << kMagic << "\n"
        << "inputs " << (c.inputs_digest.empty() ? "-" : c.inputs_digest) << "\n"
        << "stage " << c.stage << "\n"
        << "iteration " << c.optimizer.iteration << "\n"
        << "window_start " << exact(c.optimizer.window_start) << "\n"
        << "last_window_decrease " << exact(c.optimizer.last_window_decrease) << "\n"
        << "scaling " << exact(c.potential.scaling) << "\n"
        << "min_dist " << exact(c.potential.radial.min_dist) << "\n"
        << "parameters " << c.optimizer.x.size() << "\n"
        << "memory " << c.optimizer.memory.size() << "\n";
    std::uint64_t sum = fnv1a(head.str().data(), head.str().size());
    sum = fnv1a(c.optimizer.x.data(), c.optimizer.x.size() * sizeof(double), sum);
    sum = fnv1a(c.optimizer.memory.data(), c.optimizer.memory.size() * sizeof(double), sum);
    out << head.str() << "checksum " << hex64(sum) << "\n"
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
  io::refuse_directory(state_path);
  std::ifstream in(state_path, std::ios::binary);
  if (!in) throw Error("cannot open " + state_path + " (a checkpoint is the .mtp file and its .state file)");
  in.seekg(0, std::ios::end);
  const std::streamoff file_size = in.tellg();
  in.seekg(0, std::ios::beg);
  int line_number = 0;
  std::string head;  // the text lines the checksum covers
  auto expect = [&](const std::string& key) {
    std::string line;
    ++line_number;
    if (!std::getline(in, line)) throw Error(state_path + ":" + std::to_string(line_number) + ": expected '" + key + "', found the end of the file");
    if (key == kMagic) {
      if (line != kMagic) throw Error(state_path + ":1: expected '" + std::string(kMagic) + "' (not an OpenMTP training state, or an older one)");
      head += line + "\n";
      return std::string();
    }
    if (line.compare(0, key.size() + 1, key + " ") != 0 && line != key)
      throw Error(state_path + ":" + std::to_string(line_number) + ": expected '" + key + " ...', found '" + line + "'");
    if (key != "checksum" && key != "binary") head += line + "\n";
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
  c.inputs_digest = expect("inputs");
  if (c.inputs_digest == "-") c.inputs_digest.clear();
  c.stage = expect("stage");
  if (c.stage != "pre-training" && c.stage != "training")
    throw Error(state_path + ":3: expected stage pre-training or training, found '" + c.stage + "'");
  c.optimizer.iteration = int(count("iteration"));
  c.optimizer.window_start = number("window_start");
  c.optimizer.last_window_decrease = number("last_window_decrease");
  c.potential.scaling = number("scaling");
  c.potential.radial.min_dist = number("min_dist");
  const std::size_t n = count("parameters"), m = count("memory");
  const std::string checksum = expect("checksum");
  expect("binary");
  if (n != c.potential.parameter_count())
    throw Error(state_path + ": " + std::to_string(n) + " parameters, but " + path + " has " +
                std::to_string(c.potential.parameter_count()));
  // The counts must match the bytes the file holds before anything is allocated for them.
  const std::streamoff binary_bytes = file_size - std::streamoff(in.tellg());
  if (!in || binary_bytes < 0 || std::size_t(binary_bytes) % sizeof(double) != 0 ||
      std::size_t(binary_bytes) / sizeof(double) != n + m)
    throw Error(state_path + ": expected " + std::to_string(n + m) + " binary numbers after line " +
                std::to_string(line_number) + ", the file is " +
                (std::size_t(binary_bytes) > (n + m) * sizeof(double) ? "longer" : "shorter") + " (" +
                std::to_string(binary_bytes) + " bytes)");
  c.optimizer.x.resize(n);
  c.optimizer.memory.resize(m);
  in.read(reinterpret_cast<char*>(c.optimizer.x.data()), std::streamsize(n * sizeof(double)));
  in.read(reinterpret_cast<char*>(c.optimizer.memory.data()), std::streamsize(m * sizeof(double)));
  if (!in || in.peek() != std::char_traits<char>::eof())
    throw Error(state_path + ": expected " + std::to_string(n + m) + " binary numbers after line " +
                std::to_string(line_number) + ", the file is " + (in ? "longer" : "shorter"));
  std::uint64_t sum = fnv1a(head.data(), head.size());
  sum = fnv1a(c.optimizer.x.data(), n * sizeof(double), sum);
  sum = fnv1a(c.optimizer.memory.data(), m * sizeof(double), sum);
  if (checksum != hex64(sum))
    throw Error(state_path + ": the checksum does not match the state (the file is corrupted): expected " + checksum +
                ", the contents give " + hex64(sum));
  c.potential.set_parameters(c.optimizer.x);
  c.potential.trained = true;
  return c;
}

}  // namespace mtp::fit
