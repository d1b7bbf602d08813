// Seeded train/test splits and k-fold assignments. Deterministic for a given seed on
// every platform (own Fisher-Yates over a SplitMix64 / mt19937_64 stream, not std::shuffle).
#pragma once

#include <cstdint>
#include <vector>

#include "regkit/data/dataset.hpp"

namespace regkit::data {

struct TrainTest {
  std::vector<Index> train;
  std::vector<Index> test;
};

// Shuffles 0..n-1 and puts round(test_fraction * n) indices in test.
TrainTest train_test_split(Index n, double test_fraction, std::uint64_t seed);

// A fold id in 0..k-1 for each of n samples; fold sizes differ by at most one.
std::vector<int> kfold_ids(Index n, int k, std::uint64_t seed);

// Stratified: each class's samples are spread evenly over the k folds.
std::vector<int> stratified_kfold_ids(const Vector& labels, int k, std::uint64_t seed);

// The rows of a dataset (dense or sparse), in the given order.
Dataset take_rows(const Dataset& data, const std::vector<Index>& rows);
Design take_rows(const Design& X, const std::vector<Index>& rows);
Vector take_rows(const Vector& v, const std::vector<Index>& rows);

}  // namespace regkit::data
