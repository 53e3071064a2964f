// to-poscar: configurations as VASP POSCAR files.
#include "mtp/cli/command.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/vasp_poscar.hpp"

namespace mtp::cli {
namespace {

int run_to_poscar(const CommandLine& cl) {
  cl.require_args(1, 2, "mlp to-poscar db.cfg [POSCAR]");
  auto reader = io::make_cfg_reader(cl.arg(0));
  auto writer = io::make_vasp_poscar_writer(cl.arg_count() == 2 ? cl.arg(1) : "POSCAR");
  Configuration cfg;
  while (reader->next(cfg)) writer->write(cfg);
  writer->close();
  return 0;
}

const RegisterCommand to_poscar_command({
    "to-poscar",
    {"to_poscar"},
    "mlp to-poscar db.cfg [POSCAR]",
    "writes the configurations of db.cfg as POSCAR files",
    "The output (default POSCAR) is written as convert-cfg --output-format=vasp-poscar writes it: one file\n"
    "for a single configuration, POSCAR0, POSCAR1, ... for several.",
    run_to_poscar,
    false});

}  // namespace
}  // namespace mtp::cli
