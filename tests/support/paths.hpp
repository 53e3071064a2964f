#pragma once
// Where tests find data. Tests that read ../shared (MLIP-2's reference outputs, the mlearn sets) call
// REQUIRE_SHARED(), which skips with a clear message where that folder is absent (CI always has it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace mtp::test {

inline std::string shared_dir() {
  if (const char* env = std::getenv("OPENMTP_SHARED_DIR")) return env;
  return OPENMTP_SHARED_DIR;
}
inline std::string shared_path(const std::string& rel) { return shared_dir() + "/" + rel; }
inline bool have_shared() { return std::filesystem::exists(shared_dir() + "/reference/mlip2"); }
inline std::string source_path(const std::string& rel) { return std::string(OPENMTP_SOURCE_DIR) + "/" + rel; }
inline std::string mlp_binary() { return OPENMTP_MLP; }

// A fresh empty directory for one test's files.
inline std::string scratch_dir(const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path p = fs::temp_directory_path() / ("openmtp-test-" + name + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

}  // namespace mtp::test

#define REQUIRE_SHARED()                                                                              \
  do {                                                                                                \
    if (!::mtp::test::have_shared())                                                                  \
      GTEST_SKIP() << "needs the shared reference data at " << ::mtp::test::shared_dir()              \
                   << " (../shared beside the project; set OPENMTP_SHARED_DIR to point elsewhere)";   \
  } while (0)
