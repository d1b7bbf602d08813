// Internal to the elastic-net solver: a Cholesky factor M = L L' of the Gram matrix (plus
// ridge terms) of a changing set of variables, kept up to date as variables enter
// (one forward substitution, O(k^2)) and leave (a rank-one update of the trailing block,
// O(k^2)) instead of refactoring (O(k^3)). Shapes: k variables in the set.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "regkit/core/types.hpp"

namespace regkit::linear::detail {

class ActiveCholesky {
 public:
  Index size() const { return static_cast<Index>(vars_.size()); }
  const std::vector<Index>& vars() const { return vars_; }
  void clear() { vars_.clear(); }

  // Appends variable j with cross products h = (M entries with the current variables)
  // and diagonal d. Refuses (returns false) when j is numerically dependent on them.
  bool add(Index j, const Vector& h, double d) {
    const Index k = size();
    if (L_.rows() <= k) {
      const Index capacity = std::max<Index>(16, 2 * k);
      L_.conservativeResize(capacity, capacity);
    }
    Vector l = h;
    if (k > 0) L_.topLeftCorner(k, k).triangularView<Eigen::Lower>().solveInPlace(l);
    const double pivot = d - l.squaredNorm();
    if (!(pivot > 1e-10 * d)) return false;
    if (k > 0) L_.row(k).head(k) = l.transpose();
    L_(k, k) = std::sqrt(pivot);
    vars_.push_back(j);
    return true;
  }

  // Removes the variable at position u: the rows and columns after it move up, and the
  // trailing block absorbs the removed column by a rank-one update.
  void remove(Index u) {
    const Index k = size();
    Vector x = L_.col(u).segment(u + 1, k - u - 1);
    for (Index c = 0; c < k - 1; ++c) {
      for (Index r = std::max(c, u); r < k - 1; ++r)
        L_(r, c) = L_(r + 1, c < u ? c : c + 1);
    }
    // L33 L33' + x x' (Cholesky rank-one update).
    for (Index i = 0; i < x.size(); ++i) {
      const Index t = u + i;
      const double diag = L_(t, t);
      const double radius = std::hypot(diag, x[i]);
      const double cosine = radius / diag, sine = x[i] / diag;
      L_(t, t) = radius;
      for (Index r = i + 1; r < x.size(); ++r) {
        L_(u + r, t) = (L_(u + r, t) + sine * x[r]) / cosine;
        x[r] = cosine * x[r] - sine * L_(u + r, t);
      }
    }
    vars_.erase(vars_.begin() + u);
  }

  // x <- M^{-1} x.
  void solve_in_place(Vector& x) const {
    const Index k = size();
    const auto L = L_.topLeftCorner(k, k).triangularView<Eigen::Lower>();
    L.solveInPlace(x);
    L.transpose().solveInPlace(x);
  }

  // M x = L (L' x).
  Vector multiply(const Vector& x) const {
    const Index k = size();
    const auto L = L_.topLeftCorner(k, k).triangularView<Eigen::Lower>();
    const Vector t = L.transpose() * x;
    return L * t;
  }

 private:
  Matrix L_;                 // capacity x capacity; the leading k x k lower triangle is used
  std::vector<Index> vars_;  // k
};

}  // namespace regkit::linear::detail
