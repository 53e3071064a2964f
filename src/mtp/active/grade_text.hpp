#pragma once
#include <cstdio>
#include <string>

namespace mtp::active {

// A grade as MLIP-2 and MLIP-3 write it into Feature MV_grade: std::to_string's "%f", and "9.9e99" for
// grades above 1e10 (MLIP-2; MLIP-3 keeps %f).
inline std::string grade_text(double grade, bool cap_huge = true) {
  if (cap_huge && grade > 1.0e10) return "9.9e99";
  char buf[512];
  std::snprintf(buf, sizeof(buf), "%f", grade);
  return buf;
}

}  // namespace mtp::active
