#pragma once
#include <string>

namespace mtp::io {

// A file shipped with OpenMTP (e.g. "scripts/train_plots.py"), found from the running executable: the first
// directory above it (build/bin/mlp -> the source tree) holding `relative`, or share/openmtp/<file name> beside
// an installed prefix. Empty when there is none.
std::string find_bundled_script(const std::string& relative);

}  // namespace mtp::io
