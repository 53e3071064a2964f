#pragma once
// Grading and selecting configurations by extrapolation (docs/ACTIVE_SET.md): an ActiveSet (types.hpp) grades
// with grade(); these are MLIP-2's and MLIP-3's select-add procedures over configurations in memory.
#include <string>

#include "openmtp/types.hpp"
#include "mtp/active/grade_text.hpp"
#include "mtp/active/select_add.hpp"

namespace openmtp {

using mtp::active::ConfigurationStream;
using mtp::active::ConfigurationSource;
using mtp::active::stream_of;
using mtp::active::Mlip2SelectAddOptions;
using mtp::active::Mlip3SelectAddOptions;
using mtp::active::SelectAddCounts;
using mtp::active::SelectionReport;
using mtp::active::mlip2_select_add;
using mtp::active::mlip3_select_add;
using mtp::active::selected_candidates;
using mtp::active::grade_text;
using mtp::active::RowMatrix;
using mtp::active::parse_weighting;
using mtp::active::weighting_name;

}  // namespace openmtp
