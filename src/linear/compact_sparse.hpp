// Internal to the logistic solvers: a compact, row-blocked copy of sparse (CSC) X for the
// L-BFGS float phase (solve_lbfgs): 16-bit row offsets within blocks of 65,536 rows and
// float32 values, 6 bytes a stored entry against the CSC's 12 (int32 row, double value).
//
// On the benchmark's sparse problem (n 50,000, p 100,000, 5,000,000 stored entries) one
// product with X takes about 5 ms on the CSC; L-BFGS needs two per iteration. With half
// the bytes, the products took about 0.65x that time on the AMD EPYC VM of session 7
// (and the copy, 30 MB, stays in its last-level cache where the CSC's 60 MB does not).
//
// Products accumulate in double; only the stored values are rounded (relative 2^-24),
// so the copy is X_f = X + E with |E_ij| <= 2^-24 |x_ij|, exactly, and the float phase
// is L-BFGS on that nearby problem. Its gradient differs from X's by E' R, bounded per
// column by 2^-24 ||x_j|| ||R|| (Cauchy-Schwarz): column_norm() gives ||x_j||.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <omp.h>

#include "regkit/core/types.hpp"
#include "large_buffer.hpp"

namespace regkit::linear::detail {

class CompactColumns {
 public:
  static constexpr Index kMaxBlockRows = Index{1} << 16;

  CompactColumns() = default;
  // Copy of the compressed CSC (outer, inner, values) of an n x p matrix; block_rows
  // (at most 65,536) is a parameter so tests can use several blocks on small matrices.
  CompactColumns(Index n, Index p, const int* outer, const int* inner, const double* values,
                 Index block_rows = kMaxBlockRows)
      : n_(n), p_(p), block_rows_(std::clamp<Index>(block_rows, 1, kMaxBlockRows)) {
    blocks_ = n_ == 0 ? 0 : (n_ + block_rows_ - 1) / block_rows_;
    const auto P1 = static_cast<std::size_t>(p_ + 1);
    ptr_.assign(static_cast<std::size_t>(blocks_) * P1, 0);
    norm_.assign(static_cast<std::size_t>(p_), 0.0);
    const std::size_t stored = p_ > 0 ? static_cast<std::size_t>(outer[p_] - outer[0]) : 0;
    row_ = LargeBuffer<std::uint16_t>(stored);
    val_ = LargeBuffer<float>(stored);
    std::uint16_t* row = row_.get();
    float* val = val_.get();
    if (blocks_ == 1) {  // one block: the CSC's own layout, and the norms in the same pass
      for (Index j = 0; j <= p_; ++j) ptr_[static_cast<std::size_t>(j)] = outer[j] - outer[0];
      for (Index j = 0; j < p_; ++j) fill_column(j, outer, inner, values);
      return;
    }
    if (blocks_ > 1) {
      // Count each column's entries per block, then place them block after block.
      for (Index j = 0; j < p_; ++j)
        for (int q = outer[j]; q < outer[j + 1]; ++q)
          ++ptr_[static_cast<std::size_t>(inner[q] / block_rows_) * P1 + static_cast<std::size_t>(j) + 1];
      int running = 0;
      for (Index b = 0; b < blocks_; ++b)
        for (Index j = 0; j <= p_; ++j) {
          int& slot = ptr_[static_cast<std::size_t>(b) * P1 + static_cast<std::size_t>(j)];
          if (j == 0) slot = running;
          else running = slot = running + slot;
        }
      std::vector<int> next(ptr_);
      for (Index j = 0; j < p_; ++j)
        for (int q = outer[j]; q < outer[j + 1]; ++q) {
          const Index b = inner[q] / block_rows_;
          const auto at = static_cast<std::size_t>(next[static_cast<std::size_t>(b) * P1 + static_cast<std::size_t>(j)]++);
          row[at] = static_cast<std::uint16_t>(inner[q] - b * block_rows_);
          val[at] = static_cast<float>(values[q]);
        }
    }
    for (Index j = 0; j < p_; ++j) {
      double s = 0.0;
      for (int q = outer[j]; q < outer[j + 1]; ++q) s += values[q] * values[q];
      norm_[static_cast<std::size_t>(j)] = std::sqrt(s);
    }
  }

  // One block (n <= 65,536) with its layout set and its entries still to be written, column
  // by column, by fill_column: make_problem fills it during the scaling pass, while each
  // column of X is in cache (a separate copy reads X from memory once more).
  static CompactColumns single_block(Index n, Index p, const int* outer) {
    CompactColumns c;
    c.n_ = n;
    c.p_ = p;
    c.blocks_ = n == 0 ? 0 : 1;
    c.block_rows_ = kMaxBlockRows;
    c.ptr_.assign(static_cast<std::size_t>(p + 1), 0);
    for (Index j = 0; j <= p; ++j) c.ptr_[static_cast<std::size_t>(j)] = outer[j] - outer[0];
    c.norm_.assign(static_cast<std::size_t>(p), 0.0);
    const std::size_t stored = static_cast<std::size_t>(c.ptr_.back());
    c.row_ = LargeBuffer<std::uint16_t>(stored);
    c.val_ = LargeBuffer<float>(stored);
    return c;
  }
  // Column j of a single_block copy from the compressed CSC arrays (outer as given there).
  void fill_column(Index j, const int* outer, const int* inner, const double* values) {
    std::uint16_t* row = row_.get();
    float* val = val_.get();
    double s = 0.0;
    for (int q = outer[j]; q < outer[j + 1]; ++q) {
      const auto at = static_cast<std::size_t>(q - outer[0]);
      row[at] = static_cast<std::uint16_t>(inner[q]);
      val[at] = static_cast<float>(values[q]);
      s += values[q] * values[q];
    }
    norm_[static_cast<std::size_t>(j)] = std::sqrt(s);
  }

  Index rows() const { return n_; }
  Index cols() const { return p_; }
  Index blocks() const { return blocks_; }
  bool empty() const { return p_ == 0 || n_ == 0; }
  // ||x_j||_2 of X itself (in double).
  double column_norm(Index j) const { return norm_[static_cast<std::size_t>(j)]; }

  // out = X_f A (n x m), on `threads` threads. With at least as many blocks as threads,
  // blocks go to threads (disjoint rows of out); otherwise contiguous column ranges per
  // thread, each summing into its own n x m buffer, added in thread order. Either way the
  // result depends on the thread count only.
  void times(const Matrix& A, Matrix& out, int threads) const {
    const Index mm = A.cols();
    out.setZero(n_, mm);
    if (empty()) return;
    const int team = std::max(1, threads);
    if (team == 1 || blocks_ >= team) {
#pragma omp parallel for num_threads(team) schedule(static)
      for (Index b = 0; b < blocks_; ++b) scatter(b, 0, p_, A, out);
      return;
    }
    std::vector<Matrix> part(static_cast<std::size_t>(team) - 1);
#pragma omp parallel for num_threads(team) schedule(static, 1)
    for (int t = 0; t < team; ++t) {
      Matrix& o = t == 0 ? out : part[static_cast<std::size_t>(t) - 1];
      if (t > 0) o.setZero(n_, mm);
      const Index j0 = p_ * t / team, j1 = p_ * (t + 1) / team;
      for (Index b = 0; b < blocks_; ++b) scatter(b, j0, j1, A, o);
    }
    for (const Matrix& o : part) out += o;
  }

  // out = X_f' R (p x m): contiguous column ranges per thread, blocks in order inside.
  void adjoint_times(const Matrix& R, Matrix& out, int threads) const {
    const Index mm = R.cols();
    out.setZero(p_, mm);
    if (empty()) return;
    const int team = std::max(1, threads);
    const auto P1 = static_cast<std::size_t>(p_ + 1);
    const std::uint16_t* row = row_.get();
    const float* val = val_.get();
#pragma omp parallel for num_threads(team) schedule(static, 1)
    for (int t = 0; t < team; ++t) {
      const Index j0 = p_ * t / team, j1 = p_ * (t + 1) / team;
      for (Index b = 0; b < blocks_; ++b) {
        const int* ptr = ptr_.data() + static_cast<std::size_t>(b) * P1;
        for (Index c = 0; c < mm; ++c) {
          const double* r = R.col(c).data() + b * block_rows_;
          double* o = out.col(c).data();
          for (Index j = j0; j < j1; ++j) {
            // Two sums: half the dependency chain of one.
            double s0 = 0.0, s1 = 0.0;
            int q = ptr[j];
            const int e = ptr[j + 1];
            for (; q + 2 <= e; q += 2) {
              s0 += static_cast<double>(val[q]) * r[row[q]];
              s1 += static_cast<double>(val[q + 1]) * r[row[q + 1]];
            }
            if (q < e) s0 += static_cast<double>(val[q]) * r[row[q]];
            o[j] += s0 + s1;
          }
        }
      }
    }
  }

 private:
  // o(rows of block b, c) += X_f(block b, j0..j1-1) A(j0..j1-1, c).
  void scatter(Index b, Index j0, Index j1, const Matrix& A, Matrix& o) const {
    const int* ptr = ptr_.data() + static_cast<std::size_t>(b) * static_cast<std::size_t>(p_ + 1);
    const std::uint16_t* row = row_.get();
    const float* val = val_.get();
    for (Index c = 0; c < A.cols(); ++c) {
      double* oc = o.col(c).data() + b * block_rows_;
      for (Index j = j0; j < j1; ++j) {
        const double a = A(j, c);
        if (a == 0.0) continue;
        for (int q = ptr[j]; q < ptr[j + 1]; ++q)
          oc[row[q]] += static_cast<double>(val[q]) * a;
      }
    }
  }

  Index n_ = 0, p_ = 0, block_rows_ = kMaxBlockRows, blocks_ = 0;
  std::vector<int> ptr_;  // blocks x (p + 1): block b's column j is [ptr_[b (p+1) + j], ... + 1)
  LargeBuffer<std::uint16_t> row_;  // row within the block
  LargeBuffer<float> val_;
  std::vector<double> norm_;
};

}  // namespace regkit::linear::detail
