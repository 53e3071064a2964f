#pragma once
#include <string>

#include "mtp/core/option_table.hpp"

namespace mtp::io {

// Settings files for a command's options (`mlp train --config=train.toml`): TOML with one top-level key per
// option, spelled as the command's option table allows ('_' or '-'; MLIP-3's spellings too). A key that is
// no option, a value of the wrong type or out of range is an mtp::Error naming the file and line.
void read_option_file(const std::string& path, OptionValues& values);
void parse_option_text(const std::string& text, const std::string& path, OptionValues& values);

// Every option of `values` that a settings file may hold, given or defaulted, as a settings file that
// read_option_file reads back to the same values: `header` lines first, as TOML comments.
std::string option_file_text(const OptionValues& values, const std::string& header);

}  // namespace mtp::io
