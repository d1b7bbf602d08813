#include "regkit/data/split.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"

namespace regkit::data {
namespace {

TEST(TrainTestSplit, DisjointCoveringAndDeterministic) {
  const TrainTest a = train_test_split(101, 0.25, 42);
  EXPECT_EQ(a.test.size(), 25u);  // round(25.25)
  EXPECT_EQ(a.train.size(), 76u);
  std::vector<Index> all = a.train;
  all.insert(all.end(), a.test.begin(), a.test.end());
  std::sort(all.begin(), all.end());
  std::vector<Index> expected(101);
  std::iota(expected.begin(), expected.end(), Index{0});
  EXPECT_EQ(all, expected);
  const TrainTest b = train_test_split(101, 0.25, 42);
  EXPECT_EQ(a.train, b.train);
  EXPECT_EQ(a.test, b.test);
  EXPECT_NE(train_test_split(101, 0.25, 43).test, a.test);
}

TEST(TrainTestSplit, ShuffleIsTheSpecifiedFisherYatesOverMt19937_64) {
  // The documented algorithm, written out independently: for i = n-1..1 draw
  // j = r mod (i+1) from mt19937_64 words r, rejecting r < 2^64 mod (i+1).
  const Index n = 20;
  std::mt19937_64 engine(2024);
  std::vector<Index> order(n);
  std::iota(order.begin(), order.end(), Index{0});
  for (Index i = n - 1; i >= 1; --i) {
    const auto bound = static_cast<std::uint64_t>(i + 1);
    std::uint64_t r;
    do r = engine();
    while (r < (~bound + 1) % bound);
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(r % bound)]);
  }
  const TrainTest split = train_test_split(n, 0.5, 2024);
  EXPECT_EQ(split.test, std::vector<Index>(order.begin(), order.begin() + 10));
  // And the first words of mt19937_64 are the standard's (10000th value check).
  std::mt19937_64 standard;
  standard.discard(9999);
  EXPECT_EQ(standard(), 9981545732273789042ull);
}

TEST(TrainTestSplit, InvalidFractionIsRejected) {
  REGKIT_EXPECT_ERROR(train_test_split(10, 1.5, 0), InvalidArgument, "test_fraction must be in [0, 1]; got 1.5");
  EXPECT_TRUE(train_test_split(10, 0.0, 0).test.empty());
  EXPECT_TRUE(train_test_split(10, 1.0, 0).train.empty());
}

TEST(KFold, FoldSizesDifferByAtMostOneAndSeedsRepeat) {
  for (const Index n : {10, 11, 37, 100}) {
    for (const int k : {2, 3, 5, 10}) {
      const auto folds = kfold_ids(n, k, 7);
      ASSERT_EQ(folds.size(), static_cast<std::size_t>(n));
      std::vector<int> sizes(static_cast<std::size_t>(k), 0);
      for (const int f : folds) {
        ASSERT_GE(f, 0);
        ASSERT_LT(f, k);
        ++sizes[static_cast<std::size_t>(f)];
      }
      const auto [lo, hi] = std::minmax_element(sizes.begin(), sizes.end());
      EXPECT_LE(*hi - *lo, 1) << "n=" << n << " k=" << k;
      EXPECT_EQ(folds, kfold_ids(n, k, 7));
    }
  }
  EXPECT_NE(kfold_ids(100, 5, 1), kfold_ids(100, 5, 2));
  REGKIT_EXPECT_ERROR(kfold_ids(3, 5, 0), InvalidArgument, "k = 5 folds need at least k samples; got 3");
  REGKIT_EXPECT_ERROR(kfold_ids(10, 1, 0), InvalidArgument, "k (the number of folds) must be >= 2");
}

TEST(StratifiedKFold, EachClassIsSpreadEvenly) {
  // Classes of sizes 50, 23, 7 in a shuffled order.
  std::vector<double> raw;
  for (int i = 0; i < 50; ++i) raw.push_back(0);
  for (int i = 0; i < 23; ++i) raw.push_back(1);
  for (int i = 0; i < 7; ++i) raw.push_back(-3);
  std::mt19937 engine(5);
  std::shuffle(raw.begin(), raw.end(), engine);  // any order; only the test uses std::shuffle
  const Vector labels = Eigen::Map<Vector>(raw.data(), static_cast<Index>(raw.size()));
  const int k = 5;
  const auto folds = stratified_kfold_ids(labels, k, 11);
  std::map<double, std::vector<int>> per_class;
  std::vector<int> sizes(k, 0);
  for (std::size_t i = 0; i < folds.size(); ++i) {
    auto& counts = per_class[raw[i]];
    counts.resize(k, 0);
    ++counts[static_cast<std::size_t>(folds[i])];
    ++sizes[static_cast<std::size_t>(folds[i])];
  }
  for (const auto& [label, counts] : per_class) {
    const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
    EXPECT_LE(*hi - *lo, 1) << "class " << label;
  }
  const auto [lo, hi] = std::minmax_element(sizes.begin(), sizes.end());
  EXPECT_LE(*hi - *lo, 1);
  EXPECT_EQ(folds, stratified_kfold_ids(labels, k, 11));
}

TEST(StratifiedKFold, NonIntegerLabelsAreRejected) {
  Vector labels(4);
  labels << 0, 1, 0.5, 1;
  REGKIT_EXPECT_ERROR(stratified_kfold_ids(labels, 2, 0), InvalidArgument,
                      "labels must be integers (class ids); entry 3 is 0.5");
}

TEST(TakeRows, DenseSparseAndVectorAgree) {
  Matrix dense(4, 3);
  dense << 1, 0, 2, 0, 0, 3, 4, 5, 0, 0, 6, 0;
  const SparseMatrix sparse = dense.sparseView();
  const std::vector<Index> rows = {3, 0, 0, 2};
  Matrix expected(4, 3);
  expected << 0, 6, 0, 1, 0, 2, 1, 0, 2, 4, 5, 0;
  EXPECT_EQ(std::get<Matrix>(take_rows(Design(dense), rows)), expected);
  const SparseMatrix picked = std::get<SparseMatrix>(take_rows(Design(sparse), rows));
  EXPECT_EQ(Matrix(picked), expected);
  EXPECT_TRUE(picked.isCompressed());
  Vector v(4);
  v << 10, 11, 12, 13;
  EXPECT_EQ(take_rows(v, rows), (Vector(4) << 13, 10, 10, 12).finished());

  Dataset data;
  data.X = sparse;
  data.y = v;
  data.feature_names = {"a", "b", "c"};
  const Dataset subset = take_rows(data, rows);
  EXPECT_EQ(Matrix(std::get<SparseMatrix>(subset.X)), expected);
  EXPECT_EQ(subset.y, (Vector(4) << 13, 10, 10, 12).finished());
  EXPECT_EQ(subset.feature_names, data.feature_names);
  REGKIT_EXPECT_ERROR(take_rows(v, {4}), InvalidArgument, "row index 4 (entry 1) is out of range for 4 rows");
}

}  // namespace
}  // namespace regkit::data
