#pragma once
#include "mtp/core/configuration.hpp"
#include "mtp/io/cfg_input.hpp"

namespace mtp::io {

// One configuration from a .cfg stream, text or binary, chosen per configuration by its first non-blank
// byte ('n' starts a binary record), as MLIP-2 does. Returns false at the end of the input.
bool read_cfg_record(CfgInput& input, Configuration& cfg);
// The text forms: BEGIN_CFG ... END_CFG, or MLIP-2's old BEGIN ... END. The first token is next.
void read_cfg_text_record(CfgInput& input, Configuration& cfg);
// One binary record; the 'n' tag is next.
void read_cfg_binary_record(CfgInput& input, Configuration& cfg);

// Rows up to the last non-zero one are periodic, as MLIP-2 decides when it writes and reads a cell.
int periodic_rows(const Mat3& rows);

}  // namespace mtp::io
