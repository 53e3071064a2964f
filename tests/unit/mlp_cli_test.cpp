#include <gtest/gtest.h>

#include "support/paths.hpp"
#include "support/run_command.hpp"

TEST(Mlp, UnknownCommandExitsNonZero) {
  const auto r = mtp::test::run_command(mtp::test::mlp_binary() + " no-such-command");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("unknown command"), std::string::npos) << r.output;
}

TEST(Mlp, HelpAndListSucceed) {
  EXPECT_EQ(mtp::test::run_command(mtp::test::mlp_binary() + " help").status, 0);
  const auto r = mtp::test::run_command(mtp::test::mlp_binary() + " list");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.output.find("help"), std::string::npos);
}
