// Internal to the logistic solvers: the standardized logistic problem on a non-owning view
// of X, its loss, gradient and Hessian-vector products (header-only so tests can check
// them against central differences).
//
// Shapes: n samples, p features, k classes, m = 1 (binomial) or k (multinomial).
// With centres c_j (weighted column means with an intercept, else 0) and scales s_j
// (weighted standard deviation around c_j with standardize, else 1), the solver works on
//
//   Z_ij = (x_ij - c_j) / s_j,   eta = Z B + 1 b'   (n x m),
//   f(B, b) = sum_i v_i l_i(eta_i),   v_i = w_i c_{y_i} / W  (sample x class weight / sum w),
//   binomial     l_i = log(1 + exp(eta_i)) - y_i eta_i              (y_i in {0, 1})
//   multinomial  l_i = log sum_c exp(eta_ic) - eta_{i, y_i}
//
// and the penalty lambda sum_j pf_j (alpha |B_j| + (1 - alpha)/2 ||B_j||^2) acts on the
// standardized B (glmnet). Z is never formed: Z B = X (B ./ s) - 1 c'(B ./ s) and
// Z' R = (X' R - c 1'R) ./ s, so dense and sparse (CSC) X are used in place through their
// Eigen maps. Excluded (constant) columns have 1/s_j = 0, hence zero gradient.
//
// Gradient: Z' R with R_ic = v_i (P_ic - Y_ic) (P the probabilities), intercept 1'R.
// Hessian-vector product for a direction (D, d0): U = Z D + 1 d0', then
//   binomial     T_i  = v_i P_i (1 - P_i) U_i
//   multinomial  T_ic = v_i P_ic (U_ic - sum_c' P_ic' U_ic')
// and H (D, d0) = (Z' T, 1'T).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include <omp.h>
#include <sys/mman.h>

#include "regkit/core/types.hpp"
#include "compact_sparse.hpp"
#include "large_buffer.hpp"

namespace regkit::linear::detail {

using RowVector = Eigen::RowVectorXd;

template <class XMap>
inline constexpr bool is_sparse_map_v = std::is_same_v<std::decay_t<XMap>, SparseView>;

// Overflow-safe log(1 + exp(z)) and sigmoid.
inline double softplus(double z) { return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))); }
inline double sigmoid(double z) {
  if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

struct Scaling {
  Vector center;              // p: c_j
  Vector scale;               // p: s_j (1 for excluded columns)
  Vector inv_scale;           // p: 1 / s_j, 0 for excluded columns
  std::vector<char> excluded; // p: constant columns (all zero without an intercept)
  bool all_finite = true;     // every column's mean and variance finite (false when X has a
                              // NaN or inf, or values so large their square overflows)
};

// u: n normalized sample weights (sum 1); zero-weight rows are ignored for constancy.
// Dense X: columns on `threads` OpenMP threads, and `sink(j, X.col(j))` called for each
// column while it is in cache (make_problem writes the float32 copy there: a separate
// pass would read X from memory once more).
struct NoColumnSink {
  template <class Column>
  void operator()(Index, const Column&) const {}
};
template <class XMap, class Sink = NoColumnSink>
Scaling make_scaling(const XMap& X, const Vector& u, bool fit_intercept, bool standardize,
                     int threads = 1, const Sink& sink = Sink{}) {
  const Index n = X.rows(), p = X.cols();
  Scaling sc;
  sc.center = Vector::Zero(p);
  sc.scale = Vector::Ones(p);
  sc.inv_scale = Vector::Ones(p);
  sc.excluded.assign(static_cast<std::size_t>(p), 0);
  Index positive_rows = 0;
  for (Index i = 0; i < n; ++i) positive_rows += u[i] > 0.0 ? 1 : 0;
  std::vector<char> finite(static_cast<std::size_t>(p), 1);
  const int team = std::max(1, threads);
#pragma omp parallel for num_threads(team) schedule(static)
  for (Index j = 0; j < p; ++j) {
    double lo = 0.0, hi = 0.0, mean = 0.0, var = 0.0;
    bool first = true;
    if constexpr (is_sparse_map_v<XMap>) {
      // Compressed or not: column j is [outer[j], outer[j] + count).
      const int* rows = X.innerIndexPtr();
      const double* vals = X.valuePtr();
      const Index q0 = X.outerIndexPtr()[j];
      const Index q1 = X.isCompressed() ? X.outerIndexPtr()[j + 1] : q0 + X.innerNonZeroPtr()[j];
      Index stored = 0;
      double u_stored = 0.0;
      lo = std::numeric_limits<double>::infinity();
      hi = -lo;
      if (positive_rows == n) {  // no zero weights: no test per entry
        for (Index q = q0; q < q1; ++q) {
          const double x = vals[q];
          mean += u[rows[q]] * x;
          lo = std::min(lo, x);
          hi = std::max(hi, x);
        }
        stored = q1 - q0;
      } else {
        for (Index q = q0; q < q1; ++q) {
          const double ui = u[rows[q]];
          if (ui <= 0.0) continue;
          ++stored;
          mean += ui * vals[q];
          lo = std::min(lo, vals[q]);
          hi = std::max(hi, vals[q]);
        }
      }
      if (stored == 0) lo = hi = 0.0;
      if (stored < positive_rows) { lo = std::min(lo, 0.0); hi = std::max(hi, 0.0); }
      const double c = fit_intercept ? mean : 0.0;
      for (Index q = q0; q < q1; ++q) {
        const double d = vals[q] - c;
        const double ui = u[rows[q]];
        var += ui * d * d;
        u_stored += ui;
      }
      var += c * c * std::max(0.0, 1.0 - u_stored);
      sink(j, X.col(j));
    } else {
      const auto col = X.col(j);
      if (positive_rows == n) {  // no zero weights: vectorized range
        lo = col.minCoeff();
        hi = col.maxCoeff();
      } else {
        for (Index i = 0; i < n; ++i) {
          if (u[i] <= 0.0) continue;
          const double x = col[i];
          if (first) { lo = hi = x; first = false; }
          lo = std::min(lo, x);
          hi = std::max(hi, x);
        }
      }
      mean = col.dot(u);
      const double c = fit_intercept ? mean : 0.0;
      var = (u.array() * (col.array() - c).square()).sum();
      sink(j, col);
    }
    if (!std::isfinite(mean) || !std::isfinite(var)) finite[static_cast<std::size_t>(j)] = 0;
    sc.center[j] = fit_intercept ? mean : 0.0;
    const bool constant = fit_intercept ? (lo == hi) : (lo == 0.0 && hi == 0.0);
    if (constant || !(var > 0.0)) {
      sc.excluded[static_cast<std::size_t>(j)] = 1;
      sc.inv_scale[j] = 0.0;
      continue;
    }
    if (standardize) {
      sc.scale[j] = std::sqrt(var);
      sc.inv_scale[j] = 1.0 / sc.scale[j];
    }
  }
  for (const char f : finite) sc.all_finite = sc.all_finite && f != 0;
  return sc;
}

// Rows per float32 row panel of dense X with p columns (LogisticProblem::float_panels):
// about 256 KB of floats.
inline Index float_panel_rows(Index p) {
  return std::max<Index>(16, std::min<Index>(1024, (Index{1} << 16) / std::max<Index>(1, p)));
}

// make_scaling, and on dense X a float32 copy of X written during its pass, column by
// column while each is in cache (one pass over X from memory instead of two: on dense L2,
// n 10,000, p 1,000, the fit went from 0.056 s to 0.045 s): laid out as
// LogisticProblem::float_copy() (columns) or float_panels() (panels) make it.
enum class FloatLayout { none, columns, panels };
template <class XMap>
Scaling make_scaling_and_copy(const XMap& X, const Vector& u, bool fit_intercept, bool standardize,
                              int threads, FloatLayout layout, LargeBuffer<float>& copy) {
  const Index n = X.rows(), p = X.cols();
  if (is_sparse_map_v<XMap> || layout == FloatLayout::none || n == 0 || p == 0)
    return make_scaling(X, u, fit_intercept, standardize, threads);
  copy = LargeBuffer<float>(static_cast<std::size_t>(n) * static_cast<std::size_t>(p));
  float* out = copy.get();
  if (layout == FloatLayout::columns)
    return make_scaling(X, u, fit_intercept, standardize, threads, [out, n](Index j, const auto& col) {
      Eigen::Map<Eigen::VectorXf>(out + j * n, n) = col.template cast<float>();
    });
  const Index rows = float_panel_rows(p);
  return make_scaling(X, u, fit_intercept, standardize, threads, [out, n, p, rows](Index j, const auto& col) {
    for (Index r0 = 0; r0 < n; r0 += rows) {
      const Index count = std::min(rows, n - r0);
      Eigen::Map<Eigen::VectorXf>(out + r0 * p + j * count, count) = col.segment(r0, count).template cast<float>();
    }
  });
}

// The standardized problem: design view, scaling, loss weights and labels.
template <class XMap>
struct LogisticProblem {
  LogisticProblem(const XMap& X_in, Scaling scaling, Vector loss_weights, std::vector<int> class_codes,
                  Index classes, Index columns, bool with_intercept)
      : X(X_in), sc(std::move(scaling)), v(std::move(loss_weights)), codes(std::move(class_codes)),
        k(classes), m(columns), fit_intercept(with_intercept) {}

  const XMap& X;
  Scaling sc;
  Vector v;                 // n: loss weights w_i c_{y_i} / W
  std::vector<int> codes;   // n: class codes
  Index k = 2;              // classes
  Index m = 1;              // coefficient columns
  bool fit_intercept = true;

  Index n() const { return X.rows(); }
  Index p() const { return X.cols(); }

  // eta = Z B + 1 b'.
  void linear(const Matrix& B, const RowVector& b, Matrix& eta) const {
    const Matrix Bs = sc.inv_scale.asDiagonal() * B;
    times(Bs, eta);
    const RowVector offset = b - sc.center.transpose() * Bs;
    eta.rowwise() += offset;
  }
  // G = Z' R, g0 = 1' R (zero without an intercept).
  void adjoint(const Matrix& R, Matrix& G, RowVector& g0) const {
    const RowVector colsum = R.colwise().sum();
    adjoint_times(R, G);
    G -= sc.center * colsum;
    G = sc.inv_scale.asDiagonal() * G;
    g0 = fit_intercept ? colsum : RowVector::Zero(R.cols());
  }

  // sum_i v_i l_i(eta_i).
  double loss(const Matrix& eta) const {
    const Index nn = n();
    double total = 0.0;
    if (m == 1) {
      for (Index i = 0; i < nn; ++i) {
        const double z = eta(i, 0);
        total += v[i] * (softplus(z) - (codes[static_cast<std::size_t>(i)] == 1 ? z : 0.0));
      }
    } else {
      for (Index i = 0; i < nn; ++i) {
        double mx = eta(i, 0);
        for (Index c = 1; c < m; ++c) mx = std::max(mx, eta(i, c));
        double s = 0.0;
        for (Index c = 0; c < m; ++c) s += std::exp(eta(i, c) - mx);
        total += v[i] * (mx + std::log(s) - eta(i, codes[static_cast<std::size_t>(i)]));
      }
    }
    return total;
  }
  // Probabilities P (n x m) and residual weights R = v .* (P - Y); returns the loss.
  double loss_residual(const Matrix& eta, Matrix& P, Matrix& R) const {
    return block_loss_residual(0, eta, P, R);
  }
  // The same for the rows i0 .. i0 + eta.rows() - 1 (eta, P, R hold just those rows).
  double block_loss_residual(Index i0, const Matrix& eta, Matrix& P, Matrix& R) const {
    const Index rows = eta.rows();
    P.resize(rows, m);
    R.resize(rows, m);
    double total = 0.0;
    if (m == 1) {
      for (Index r = 0; r < rows; ++r) {
        const Index i = i0 + r;
        const double z = eta(r, 0);
        const bool pos = codes[static_cast<std::size_t>(i)] == 1;
        total += v[i] * (softplus(z) - (pos ? z : 0.0));
        const double pr = sigmoid(z);
        P(r, 0) = pr;
        R(r, 0) = v[i] * (pr - (pos ? 1.0 : 0.0));
      }
    } else {
      for (Index r = 0; r < rows; ++r) {
        const Index i = i0 + r;
        double mx = eta(r, 0);
        for (Index c = 1; c < m; ++c) mx = std::max(mx, eta(r, c));
        double s = 0.0;
        for (Index c = 0; c < m; ++c) {
          const double e = std::exp(eta(r, c) - mx);
          P(r, c) = e;
          s += e;
        }
        const int y = codes[static_cast<std::size_t>(i)];
        total += v[i] * (mx + std::log(s) - eta(r, y));
        const double inv = 1.0 / s;
        for (Index c = 0; c < m; ++c) {
          P(r, c) *= inv;
          R(r, c) = v[i] * (P(r, c) - (c == y ? 1.0 : 0.0));
        }
      }
    }
    return total;
  }

  // Loss at (B, b) and its gradient G = Z' R, g0 = 1' R in ONE pass over row blocks of X
  // (dense X itself, or with `in_float` its float32 row panels, float_panels()):
  // eta_b = X_b (B ./ s) + offset, then R_b, then X_b' R_b while the block is still in
  // cache (two separate products read X twice from memory). Products run in the copy's
  // precision, every sum in double, per-thread partial sums added in thread order (the
  // result does not depend on scheduling). When `full` is given, eta, P and R (n x m) are
  // stored there for an Iterate.
  struct FullState {
    Matrix* eta;
    Matrix* P;
    Matrix* R;
  };
  double fused_loss_gradient(bool in_float, const Matrix& B, const RowVector& b, Matrix& G,
                             RowVector& g0, const FullState* full = nullptr) const {
    if constexpr (is_sparse_map_v<XMap>) {
      throw std::logic_error("fused_loss_gradient: dense X only");
    } else if (in_float) {
      const FloatPanels& fp = float_panels();
      return fused_impl<float>(fp.rows, [&](Index r0, Index rows) { return fp.panel(r0, rows, p()); },
                               B, b, G, g0, full);
    } else {
      // Row blocks of about 256 KB: read from memory by the first product, from cache by
      // the second.
      const Index block = std::max<Index>(16, std::min<Index>(1024, (Index{1} << 15) / std::max<Index>(1, p())));
      return fused_impl<double>(block, [&](Index r0, Index rows) { return X.middleRows(r0, rows); }, B, b, G,
                                g0, full);
    }
  }

  // ---- float32 row panels of dense X -------------------------------------------------
  // Rows r0 .. r0 + rows - 1 (r0 a multiple of `rows`) as one contiguous column-major
  // rows x p matrix, panel after panel: a row block is contiguous memory for the one-pass
  // products (L-BFGS's loss and gradient, TRON's Hessian products), and making the copy is
  // a sequential cast (a row-major copy would be a transpose, three times slower). Half
  // the size of X; made on first use.
  struct FloatPanels {
    Index rows = 0;  // rows per panel (the last one may have fewer)
    LargeBuffer<float> data;
    Eigen::Map<const Eigen::MatrixXf> panel(Index r0, Index count, Index cols) const {
      return {data.get() + r0 * cols, count, cols};
    }
  };
  // make_problem: the copies made during the scaling pass (n p floats, laid out as
  // float_panels() / float_copy() make them).
  void adopt_float_panels(LargeBuffer<float> data) {
    panels.rows = float_panel_rows(p());
    panels.data = std::move(data);
  }
  void adopt_float_columns(LargeBuffer<float> data) { xf_data = std::move(data); }

  const FloatPanels& float_panels() const {
    if (panels.data.get() != nullptr || n() == 0) return panels;
    if constexpr (!is_sparse_map_v<XMap>) {
      const Index nn = n(), pp = p();
      panels.rows = float_panel_rows(pp);
      panels.data = LargeBuffer<float>(static_cast<std::size_t>(nn) * static_cast<std::size_t>(pp));
      const Index count = (nn + panels.rows - 1) / panels.rows;
#pragma omp parallel for num_threads(threads) schedule(static)
      for (Index q = 0; q < count; ++q) {
        const Index r0 = q * panels.rows, rows = std::min(panels.rows, nn - r0);
        Eigen::Map<Eigen::MatrixXf>(panels.data.get() + r0 * pp, rows, pp) =
            X.middleRows(r0, rows).template cast<float>();
      }
    }
    return panels;
  }

 private:
  mutable FloatPanels panels;

  template <class S, class BlockAt>
  double fused_impl(Index block, BlockAt&& block_at, const Matrix& B, const RowVector& b, Matrix& G,
                    RowVector& g0, const FullState* full) const {
    using SMatrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
    const Index nn = n(), pp = p(), mm = B.cols();
    const Matrix Bs = sc.inv_scale.asDiagonal() * B;
    const RowVector offset = b - sc.center.transpose() * Bs;
    const SMatrix Bss = Bs.template cast<S>();
    if (full) {
      full->eta->resize(nn, mm);
      full->P->resize(nn, mm);
      full->R->resize(nn, mm);
    }
    const Index blocks = (nn + block - 1) / block;
    const int team = std::max(1, std::min<int>(threads, static_cast<int>(blocks)));
    std::vector<Matrix> acc(static_cast<std::size_t>(team), Matrix::Zero(pp, mm));
    std::vector<RowVector> colsum(static_cast<std::size_t>(team), RowVector::Zero(mm));
    std::vector<double> loss_part(static_cast<std::size_t>(team), 0.0);
#pragma omp parallel num_threads(team)
    {
      // The team may be smaller than asked (inside another parallel region it is one
      // thread): contiguous ranges of blocks per actual thread, in order.
      const int t = omp_get_thread_num(), nt = omp_get_num_threads();
      const auto tu = static_cast<std::size_t>(t);
      Matrix etab, Pb, Rb;
      SMatrix Ub, Rs, part;
      const Index first = blocks * t / nt, last = blocks * (t + 1) / nt;
      for (Index blk = first; blk < last; ++blk) {
        const Index r0 = blk * block, rows = std::min(block, nn - r0);
        const auto Xb = block_at(r0, rows);
        Ub.noalias() = Xb * Bss;
        etab = Ub.template cast<double>();
        etab.rowwise() += offset;
        loss_part[tu] += block_loss_residual(r0, etab, Pb, Rb);
        colsum[tu] += Rb.colwise().sum();
        if constexpr (std::is_same_v<S, double>) {
          acc[tu].noalias() += Xb.transpose() * Rb;
        } else {
          Rs = Rb.template cast<S>();
          part.noalias() = Xb.transpose() * Rs;
          acc[tu] += part.template cast<double>();
        }
        if (full) {
          full->eta->middleRows(r0, rows) = etab;
          full->P->middleRows(r0, rows) = Pb;
          full->R->middleRows(r0, rows) = Rb;
        }
      }
    }
    double loss_total = 0.0;
    RowVector cs = RowVector::Zero(mm);
    G = Matrix::Zero(pp, mm);
    for (std::size_t t = 0; t < acc.size(); ++t) {
      loss_total += loss_part[t];
      cs += colsum[t];
      G += acc[t];
    }
    G -= sc.center * cs;
    G = sc.inv_scale.asDiagonal() * G;
    g0 = fit_intercept ? cs : RowVector::Zero(mm);
    return loss_total;
  }

 public:
  // T = (per-sample Hessian of the loss in eta) U.
  void hessian_weights(const Matrix& P, const Matrix& U, Matrix& T) const {
    const Index nn = n();
    T.resize(nn, m);
    if (m == 1) {
      T.col(0) = (v.array() * P.col(0).array() * (1.0 - P.col(0).array()) * U.col(0).array()).matrix();
    } else {
      for (Index i = 0; i < nn; ++i) {
        double pu = 0.0;
        for (Index c = 0; c < m; ++c) pu += P(i, c) * U(i, c);
        for (Index c = 0; c < m; ++c) T(i, c) = v[i] * P(i, c) * (U(i, c) - pu);
      }
    }
  }
  // H (D, d0) for the loss alone (no penalty).
  void hessian_times(const Matrix& P, const Matrix& D, const RowVector& d0, Matrix& HD,
                     RowVector& h0) const {
    if constexpr (!is_sparse_map_v<XMap>) {
      if (float_hessian) {
        hessian_times_float(P, D, d0, HD, h0);
        return;
      }
    }
    Matrix U, T;
    linear(D, fit_intercept ? d0 : RowVector::Zero(d0.size()), U);
    hessian_weights(P, U, T);
    adjoint(T, HD, h0);
  }

  // ---- products with X (threaded over row blocks / column chunks on dense X) ----
  int threads = 1;             // OpenMP threads for the products below
  bool float_hessian = false;  // dense: Hessian-vector products on a float32 copy of X
  bool float_columns = false;  // dense: coordinate descent's inner products on the float copy
  bool float_gradient = false; // L-BFGS: loss and gradient passes on the float copy (dense X)
                               // or the compact copy (sparse X, compact_columns())
  // n x p float32 copy of X, column-major (coordinate descent's columns), made on first use
  // on huge-page-advised memory (LargeBuffer): a plain allocation took 4 KB page faults
  // that cost a third of a dense L1 fit on a VM (0.30 s against 0.21 s at n 10,000, p 1,000).
  mutable LargeBuffer<float> xf_data;
  mutable CompactColumns compact_;
  mutable bool compact_made_ = false;
  mutable double compact_noise_ = 0.0;  // 2^-24 max_j ||x_j|| / s_j
  Eigen::Map<const Eigen::MatrixXf> float_copy() const {
    const Index nn = n(), pp = p();
    if (xf_data.get() == nullptr && nn > 0 && pp > 0) {
      if constexpr (!is_sparse_map_v<XMap>) {
        LargeBuffer<float> buf(static_cast<std::size_t>(nn) * static_cast<std::size_t>(pp));
        float* out = buf.get();
#pragma omp parallel for num_threads(threads) schedule(static)
        for (Index j = 0; j < pp; ++j)
          Eigen::Map<Eigen::VectorXf>(out + j * nn, nn) = X.col(j).template cast<float>();
        xf_data = std::move(buf);
      }
    }
    return {xf_data.get(), nn, pp};
  }

  // ---- sparse X: the compact copy (CompactColumns: 16-bit rows, float32 values) ----
  // Made on first use; compressed CSC only (empty otherwise).
  const CompactColumns& compact_columns() const {
    if constexpr (is_sparse_map_v<XMap>) {
      if (!compact_made_ && X.isCompressed())
        adopt_compact(CompactColumns(n(), p(), X.outerIndexPtr(), X.innerIndexPtr(), X.valuePtr(),
                                     compact_block_rows));
      compact_made_ = true;
    }
    return compact_;
  }
  // make_problem: the copy filled during the scaling pass (CompactColumns::single_block).
  void adopt_compact(CompactColumns copy) const {
    compact_ = std::move(copy);
    compact_made_ = true;
    compact_noise_ = 0.0;
    for (Index j = 0; j < p(); ++j)
      compact_noise_ = std::max(compact_noise_, sc.inv_scale[j] * compact_.column_norm(j));
    compact_noise_ *= std::ldexp(1.0, -24);
  }
  Index compact_block_rows = CompactColumns::kMaxBlockRows;  // tests: several blocks
  // eta = Z_f B + 1 b' and (G, g0) = (Z_f' R, 1'R) on the compact copy (as linear, adjoint).
  void compact_linear(const Matrix& B, const RowVector& b, Matrix& eta) const {
    const Matrix Bs = sc.inv_scale.asDiagonal() * B;
    compact_columns().times(Bs, eta, threads);
    eta.rowwise() += b - sc.center.transpose() * Bs;
  }
  void compact_adjoint(const Matrix& R, Matrix& G, RowVector& g0) const {
    const RowVector colsum = R.colwise().sum();
    compact_columns().adjoint_times(R, G, threads);
    G -= sc.center * colsum;
    G = sc.inv_scale.asDiagonal() * G;
    g0 = fit_intercept ? colsum : RowVector::Zero(R.cols());
  }
  // A bound on |G - G_f| (entrywise) for residuals R: the compact copy's rounding E
  // (|E_ij| <= 2^-24 |x_ij|) gives |(Z'R - Z_f'R)_jc| <= 2^-24 ||x_j|| ||R_c|| / s_j.
  double compact_gradient_noise(const Matrix& R) const {
    compact_columns();
    return compact_noise_ * R.colwise().norm().maxCoeff();
  }

  // out = X A (n x m).
  void times(const Matrix& A, Matrix& out) const {
    const Index nn = n();
    if constexpr (is_sparse_map_v<XMap>) {
      // CSC: each thread adds its contiguous range of columns into its own n x m sum
      // (ranges balanced by stored entries); the sums are added in thread order, so the
      // result depends on the thread count only.
      const Index pp = p(), mm = A.cols();
      const Index stored = X.nonZeros();
      const int team = threads <= 1 || stored < 200000 || !X.isCompressed() ? 1 : threads;
      if (team == 1) {
        out.noalias() = X * A;
        return;
      }
      const int* outer = X.outerIndexPtr();
      const int* inner = X.innerIndexPtr();
      const double* val = X.valuePtr();
      std::vector<Index> bound(static_cast<std::size_t>(team) + 1, pp);
      bound[0] = 0;
      for (int t = 1; t < team; ++t)
        bound[static_cast<std::size_t>(t)] =
            std::upper_bound(outer, outer + pp + 1, static_cast<int>(stored * t / team)) - outer - 1;
      // The first range sums into `out` itself, the others into their own buffers.
      std::vector<Matrix> part(static_cast<std::size_t>(team) - 1);
      out.setZero(nn, mm);
#pragma omp parallel for num_threads(team) schedule(static, 1)
      for (int t = 0; t < team; ++t) {
        Matrix& o = t == 0 ? out : part[static_cast<std::size_t>(t) - 1];
        if (t > 0) o.setZero(nn, mm);
        for (Index c = 0; c < mm; ++c) {
          double* oc = o.col(c).data();
          for (Index j = bound[static_cast<std::size_t>(t)]; j < bound[static_cast<std::size_t>(t) + 1]; ++j) {
            const double a = A(j, c);
            if (a == 0.0) continue;
            for (int q = outer[j]; q < outer[j + 1]; ++q) oc[inner[q]] += val[q] * a;
          }
        }
      }
      for (const Matrix& o : part) out += o;
    } else {
      out.resize(nn, A.cols());
      if (threads <= 1 || nn < 2048) {
        out.noalias() = X * A;
        return;
      }
      const Index chunk = (nn + threads - 1) / threads;
#pragma omp parallel for num_threads(threads) schedule(static)
      for (int t = 0; t < threads; ++t) {
        const Index r0 = std::min(nn, chunk * t), rows = std::min(chunk, nn - r0);
        if (rows > 0) out.middleRows(r0, rows).noalias() = X.middleRows(r0, rows) * A;
      }
    }
  }
  // out = X' R (p x m).
  void adjoint_times(const Matrix& R, Matrix& out) const {
    const Index pp = p(), mm = R.cols();
    out.resize(pp, mm);
    if (threads <= 1 || pp < 64) {
      out.noalias() = X.transpose() * R;
      return;
    }
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64)
    for (Index j = 0; j < pp; ++j) {
      if constexpr (is_sparse_map_v<XMap>) {
        for (Index c = 0; c < mm; ++c) {
          double s = 0.0;
          for (typename XMap::InnerIterator it(X, j); it; ++it) s += it.value() * R(it.row(), c);
          out(j, c) = s;
        }
      } else {
        out.row(j).noalias() = X.col(j).transpose() * R;
      }
    }
  }

 private:
  // Hessian-vector product in one pass over the float32 row panels of X: row blocks (a block
  // stays in cache between U_b = X_b D and X_b' T_b), accumulated in double per block.
  // Inexact Newton only needs an approximate Hessian; the gradient and objective stay in
  // double, so the fixed point is the same.
  void hessian_times_float(const Matrix& P, const Matrix& D, const RowVector& d0, Matrix& HD,
                           RowVector& h0) const {
    const Index nn = n(), pp = p(), mm = D.cols();
    const FloatPanels& fp = float_panels();
    const Matrix Ds = sc.inv_scale.asDiagonal() * D;
    const RowVector offset =
        (fit_intercept ? d0 : RowVector::Zero(mm)) - sc.center.transpose() * Ds;
    const Eigen::MatrixXf Dsf = Ds.cast<float>();
    const Index block = fp.rows;
    const Index blocks = (nn + block - 1) / block;
    // Per-thread sums over contiguous ranges of blocks, added in thread order after the
    // region (as fused_loss_gradient): the result depends on the team size only, not on
    // which thread finishes first.
    const int team = std::max(1, std::min<int>(threads, static_cast<int>(blocks)));
    std::vector<Matrix> accs(static_cast<std::size_t>(team), Matrix::Zero(pp, mm));
    std::vector<RowVector> colsums(static_cast<std::size_t>(team), RowVector::Zero(mm));
#pragma omp parallel num_threads(team)
    {
      const int t = omp_get_thread_num(), nt = omp_get_num_threads();
      Matrix& acc = accs[static_cast<std::size_t>(t)];
      RowVector& cs = colsums[static_cast<std::size_t>(t)];
      Matrix Ub, Tb;
      Eigen::MatrixXf Uf, Tf, accf;
      const Index first = blocks * t / nt, last = blocks * (t + 1) / nt;
      for (Index blk = first; blk < last; ++blk) {
        const Index r0 = blk * block, rows = std::min(block, nn - r0);
        const auto Xb = fp.panel(r0, rows, pp);
        Uf.noalias() = Xb * Dsf;
        Ub = Uf.cast<double>();
        Ub.rowwise() += offset;
        Tb.resize(rows, mm);
        if (mm == 1) {
          for (Index i = 0; i < rows; ++i) {
            const double pr = P(r0 + i, 0);
            Tb(i, 0) = v[r0 + i] * pr * (1.0 - pr) * Ub(i, 0);
          }
        } else {
          for (Index i = 0; i < rows; ++i) {
            double pu = 0.0;
            for (Index c = 0; c < mm; ++c) pu += P(r0 + i, c) * Ub(i, c);
            for (Index c = 0; c < mm; ++c) Tb(i, c) = v[r0 + i] * P(r0 + i, c) * (Ub(i, c) - pu);
          }
        }
        cs += Tb.colwise().sum();
        Tf = Tb.cast<float>();
        accf.noalias() = Xb.transpose() * Tf;
        acc += accf.cast<double>();
      }
    }
    Matrix XtT = Matrix::Zero(pp, mm);
    RowVector colsum = RowVector::Zero(mm);
    for (std::size_t t = 0; t < accs.size(); ++t) {
      XtT += accs[t];
      colsum += colsums[t];
    }
    XtT -= sc.center * colsum;
    HD = sc.inv_scale.asDiagonal() * XtT;
    h0 = fit_intercept ? colsum : RowVector::Zero(mm);
  }
};

// Column operations for coordinate descent on X (original scale, no centring):
//   weighted_dot: sum_i x_ij w_i r_i,   axpy: r += a x_j,
//   weighted_sums: (sum_i x_ij w_i, sum_i x_ij^2 w_i).
template <class XMap>
double weighted_dot(const XMap& X, Index j, const Vector& w, const Vector& r) {
  if constexpr (is_sparse_map_v<XMap>) {
    double s = 0.0;
    for (typename XMap::InnerIterator it(X, j); it; ++it) s += it.value() * w[it.row()] * r[it.row()];
    return s;
  } else {
    return (X.col(j).array() * w.array() * r.array()).sum();
  }
}
template <class XMap>
void column_axpy(const XMap& X, Index j, double a, Vector& r) {
  if constexpr (is_sparse_map_v<XMap>) {
    for (typename XMap::InnerIterator it(X, j); it; ++it) r[it.row()] += a * it.value();
  } else {
    r.noalias() += a * X.col(j);
  }
}
template <class XMap>
void weighted_sums(const XMap& X, Index j, const Vector& w, double& xw, double& x2w) {
  if constexpr (is_sparse_map_v<XMap>) {
    xw = 0.0;
    x2w = 0.0;
    for (typename XMap::InnerIterator it(X, j); it; ++it) {
      const double a = it.value() * w[it.row()];
      xw += a;
      x2w += a * it.value();
    }
  } else {
    const auto col = X.col(j).array();
    const auto t = (col * w.array()).eval();
    xw = t.sum();
    x2w = (t * col).sum();
  }
}

// The same on a float32 copy of dense X (FloatColumns), n x p column-major.
using FloatColumns = Eigen::Map<const Eigen::MatrixXf>;
using FloatVector = Eigen::VectorXf;

// With w and r in double (coordinate descent's state below the float state's rounding
// floor), accumulated in double.
// The reductions below keep kLanes partial sums (the inner loop over lanes vectorizes:
// four AVX2 registers of independent chains) and add them in a fixed order at the end.
// One running sum would be a chain of dependent additions, which the compiler may not
// reorder without -ffast-math: 4 cycles an element, the proximal Newton solver's bottleneck
// (13 us per coordinate update at n = 10,000). The result depends on n only, not on the
// machine or the thread count.
inline constexpr Index kLanes = 16;

inline double lane_total(const double (&acc)[kLanes]) {
  double s = 0.0;
  for (Index l = 0; l < kLanes; ++l) s += acc[l];
  return s;
}

inline double weighted_dot(const FloatColumns& X, Index j, const Vector& w, const Vector& r) {
  const float* x = X.col(j).data();
  const double* wp = w.data();
  const double* rp = r.data();
  const Index n = X.rows(), body = n - n % kLanes;
  double acc[kLanes] = {};
  for (Index i = 0; i < body; i += kLanes)
    for (Index l = 0; l < kLanes; ++l) acc[l] += static_cast<double>(x[i + l]) * wp[i + l] * rp[i + l];
  for (Index i = body; i < n; ++i) acc[i - body] += static_cast<double>(x[i]) * wp[i] * rp[i];
  return lane_total(acc);
}
inline void column_axpy(const FloatColumns& X, Index j, double a, Vector& r) {
  const float* x = X.col(j).data();
  for (Index i = 0; i < X.rows(); ++i) r[i] += a * static_cast<double>(x[i]);
}
inline void weighted_sums(const FloatColumns& X, Index j, const Vector& w, double& xw, double& x2w) {
  const float* x = X.col(j).data();
  const double* wp = w.data();
  const Index n = X.rows(), body = n - n % kLanes;
  double a[kLanes] = {}, b[kLanes] = {};
  for (Index i = 0; i < body; i += kLanes)
    for (Index l = 0; l < kLanes; ++l) {
      const double xi = static_cast<double>(x[i + l]), t = xi * wp[i + l];
      a[l] += t;
      b[l] += t * xi;
    }
  for (Index i = body; i < n; ++i) {
    const double xi = static_cast<double>(x[i]), t = xi * wp[i];
    a[i - body] += t;
    b[i - body] += t * xi;
  }
  xw = lane_total(a);
  x2w = lane_total(b);
}

// The same with w and r in float too (FloatVector): coordinate
// descent's state on the float copy, where a coordinate update reads 12 bytes a row instead
// of 20 (bench/logistic's 100-lambda path, n 10,000, p 1,000: 1.30 s against 1.79 s with w
// and r in double, the same 260,107 updates). Products and sums in float over blocks of kFloatBlock rows, each block
// in kFloatLanes independent chains (one running sum would be a chain of dependent
// additions, which the compiler may not reorder without -ffast-math), blocks added in
// double: the rounding is that of the float operands and of sums of kFloatBlock /
// kFloatLanes terms, not of n-term float sums. The result depends on n only, not on the
// machine or the thread count.
inline constexpr Index kFloatLanes = 64;
inline constexpr Index kFloatBlock = 1024;

template <class Term>
double blocked_float_sum(Index n, Term term) {
  double total = 0.0;
  for (Index start = 0; start < n; start += kFloatBlock) {
    const Index end = std::min(n, start + kFloatBlock);
    const Index body = start + (end - start) / kFloatLanes * kFloatLanes;
    float acc[kFloatLanes] = {};
    for (Index i = start; i < body; i += kFloatLanes)
      for (Index l = 0; l < kFloatLanes; ++l) acc[l] += term(i + l);
    for (Index i = body; i < end; ++i) acc[i - body] += term(i);
    double s = 0.0;
    for (Index l = 0; l < kFloatLanes; ++l) s += static_cast<double>(acc[l]);
    total += s;
  }
  return total;
}

inline double weighted_dot(const FloatColumns& X, Index j, const FloatVector& w, const FloatVector& r) {
  const float* x = X.col(j).data();
  const float* wp = w.data();
  const float* rp = r.data();
  return blocked_float_sum(X.rows(), [&](Index i) { return x[i] * wp[i] * rp[i]; });
}
inline void column_axpy(const FloatColumns& X, Index j, double a, FloatVector& r) {
  const float* x = X.col(j).data();
  float* rp = r.data();
  const auto af = static_cast<float>(a);
  for (Index i = 0; i < X.rows(); ++i) rp[i] += af * x[i];
}
inline void weighted_sums(const FloatColumns& X, Index j, const FloatVector& w, double& xw, double& x2w) {
  const float* x = X.col(j).data();
  const float* wp = w.data();
  xw = blocked_float_sum(X.rows(), [&](Index i) { return x[i] * wp[i]; });
  x2w = blocked_float_sum(X.rows(), [&](Index i) { return x[i] * x[i] * wp[i]; });
}

}  // namespace regkit::linear::detail
