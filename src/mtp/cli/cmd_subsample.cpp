// subsample: every N-th configuration.
#include "mtp/cli/command.hpp"
#include "mtp/core/error.hpp"
#include "mtp/io/cfg_text.hpp"

namespace mtp::cli {
namespace {

int run_subsample(const CommandLine& cl) {
  cl.require_args(3, 3, "mlp subsample in.cfg out.cfg N");
  const std::string& n_text = cl.arg(2);
  char* end = nullptr;
  const long n = std::strtol(n_text.c_str(), &end, 10);
  if (n_text.empty() || *end != '\0' || n < 1) throw Error("subsample: N must be a positive integer, got '" + n_text + "'");
  auto reader = io::make_cfg_reader(cl.arg(0));
  auto writer = io::make_cfg_text_writer(cl.arg(1), false);
  Configuration cfg;
  for (long i = 0; reader->next(cfg); ++i)
    if (i % n == 0) writer->write(cfg);
  writer->close();
  return 0;
}

const RegisterCommand subsample_command({
    "subsample",
    {},
    "mlp subsample in.cfg out.cfg N",
    "writes configurations 1, N+1, 2N+1, ... of in.cfg to out.cfg",
    "Keeps the configurations whose 0-based index is a multiple of N, as MLIP-2 does.",
    run_subsample,
    false});

}  // namespace
}  // namespace mtp::cli
