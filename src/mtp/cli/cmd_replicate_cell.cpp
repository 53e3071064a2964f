// replicate-cell: supercells of every configuration.
#include <array>
#include <cstdlib>

#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_operations.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::cli {
namespace {

int parse_int(const std::string& s) {
  char* end = nullptr;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v > 1000000 || v < -1000000) throw Error("replicate-cell: expected an integer, got '" + s + "'");
  return static_cast<int>(v);
}

int run_replicate_cell(const CommandLine& cl) {
  const char* usage = "mlp replicate-cell in.cfg out.cfg nx ny nz   (or 9 integers: the rows of A, new cell = A L)";
  if (cl.arg_count() != 5 && cl.arg_count() != 11) cl.require_args(5, 5, usage);
  std::array<std::array<int, 3>, 3> a{};
  int n[3] = {0, 0, 0};
  const bool diagonal = cl.arg_count() == 5;
  if (diagonal) {
    for (int k = 0; k < 3; ++k) n[k] = parse_int(cl.arg(2 + k));
  } else {
    for (int k = 0; k < 9; ++k) a[k / 3][k % 3] = parse_int(cl.arg(2 + k));
  }
  auto reader = io::make_cfg_reader(cl.arg(0));
  auto writer = io::make_cfg_text_writer(cl.arg(1), false);
  Configuration cfg;
  while (reader->next(cfg)) writer->write(diagonal ? io::replicate_cell(cfg, n[0], n[1], n[2]) : io::replicate_cell(cfg, a));
  writer->close();
  return 0;
}

const RegisterCommand replicate_cell_command({
    "replicate-cell",
    {"replicate_cell"},
    "mlp replicate-cell in.cfg out.cfg nx ny nz | a11 a12 a13 a21 a22 a23 a31 a32 a33",
    "replicates the cell of each configuration",
    "With nx ny nz: an nx x ny x nz supercell; energy and virial scale with the number of copies, forces\n"
    "are copied. With 9 integers: the new cell is A times the old (rows of A combine old cell vectors);\n"
    "energy, forces and virial are dropped and atoms are wrapped into the new cell.",
    run_replicate_cell,
    false});

}  // namespace
}  // namespace mtp::cli
