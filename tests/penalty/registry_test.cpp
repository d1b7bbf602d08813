#include "regkit/penalty/registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"

namespace regkit::penalty {
namespace {

TEST(PenaltyRegistry, NamesAreSortedAndMapToAlpha) {
  const auto names = penalty_names();
  EXPECT_EQ(names, (std::vector<std::string>{"elasticnet", "l1", "l2"}));
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(penalty_alpha("l1"), 1.0);
  EXPECT_EQ(penalty_alpha("l2"), 0.0);
  EXPECT_EQ(penalty_alpha("l1", 1.0), 1.0);
  EXPECT_EQ(penalty_alpha("elasticnet", 0.3), 0.3);
  const ElasticNet p = make_penalty("l2", 0.7);
  EXPECT_EQ(p.alpha(), 0.0);
  EXPECT_EQ(p.lambda(), 0.7);
}

TEST(PenaltyRegistry, UnknownNameListsKnownNames) {
  REGKIT_EXPECT_ERROR(penalty_alpha("lasso"), InvalidArgument,
                      "unknown penalty 'lasso'; expected one of: elasticnet, l1, l2");
}

TEST(PenaltyRegistry, ConflictingOrMissingAlphaIsNamed) {
  REGKIT_EXPECT_ERROR(penalty_alpha("l1", 0.5), InvalidArgument, "penalty 'l1' fixes alpha = 1; got alpha 0.5");
  REGKIT_EXPECT_ERROR(penalty_alpha("elasticnet"), InvalidArgument, "alpha (the L1/L2 mix) must be given");
  REGKIT_EXPECT_ERROR(penalty_alpha("elasticnet", 2.0), InvalidArgument,
                      "alpha must be in [0, 1] (glmnet convention); got 2");
}

}  // namespace
}  // namespace regkit::penalty
