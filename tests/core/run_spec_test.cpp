#include "regkit/core/run_spec.hpp"

#include <gtest/gtest.h>

#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"

namespace regkit {
namespace {

TEST(RunSpec, ParsesNameAndSettingsInOrder) {
  const RunSpec s = parse_run_spec("decay:optimizer=adamw, weight-decay=1e-2,proximal");
  EXPECT_EQ(s.name, "decay");
  ASSERT_EQ(s.settings.size(), 3u);
  EXPECT_EQ(s.settings[0], std::make_pair(std::string("optimizer"), std::string("adamw")));
  EXPECT_EQ(s.settings[1], std::make_pair(std::string("weight-decay"), std::string("1e-2")));
  EXPECT_EQ(s.settings[2].second, "");
  EXPECT_EQ(s.as_arguments(), (std::vector<std::string>{"--optimizer", "adamw", "--weight-decay", "1e-2", "--proximal"}));
}

TEST(RunSpec, BareNameIsARunWithoutSettings) {
  EXPECT_TRUE(parse_run_spec("none").settings.empty());
  EXPECT_TRUE(parse_run_spec("none:").settings.empty());
}

TEST(RunSpec, ListsUseSlashes) {
  EXPECT_EQ(parse_run_spec("wide:layers=512/256").as_arguments(),
            (std::vector<std::string>{"--layers", "512,256"}));
}

TEST(RunSpec, MalformedSpecsAreNamedErrors) {
  REGKIT_EXPECT_ERROR(parse_run_spec(":kernel-l2=1"), InvalidArgument, "the run has no name");
  REGKIT_EXPECT_ERROR(parse_run_spec("a b:x=1"), InvalidArgument, "may hold only letters");
  REGKIT_EXPECT_ERROR(parse_run_spec("l2:kernel-l2=1e-3,,lr=1"), InvalidArgument, "an empty setting");
  REGKIT_EXPECT_ERROR(parse_run_spec("l2:kernel-l2="), InvalidArgument, "has an empty value");
  REGKIT_EXPECT_ERROR(parse_run_spec("l2:=3"), InvalidArgument, "a setting without a key");
  REGKIT_EXPECT_ERROR(parse_run_spec("l2:lr=1,lr=2"), InvalidArgument, "given twice");
  REGKIT_EXPECT_ERROR(parse_run_spec("l2:lr=\x01"), InvalidArgument, "printable ASCII");
  // Found by fuzz_run_spec: "----bN" lost one "--" per parse (not idempotent).
  REGKIT_EXPECT_ERROR(parse_run_spec("prox------b:----bN"), InvalidArgument, "\"--bN\" is not an option name");
  REGKIT_EXPECT_ERROR(parse_run_spec("a:-x=1"), InvalidArgument, "is not an option name");
  EXPECT_EQ(parse_run_spec("a:--lr=1").settings.at(0).first, "lr");
}

}  // namespace
}  // namespace regkit
