// Ridge regression in glmnet's form (include/regkit/linear/ridge.hpp):
//
//   minimise  1/(2W) sum_i w_i (y_i - b - x_i'beta)^2 + lambda/2 sum_j pf_j beta_std_j^2
//
// beta_std_j = s_j beta_j with s_j the weighted (1/W) standard deviation of column j when
// standardize is on (1 otherwise). Shapes: X n x p, y n, t targets, L lambdas.
//
// Everything below works on one transformed least-squares problem. With omega_i = w_i/W,
// xbar the weighted column means (0 without intercept), ybar likewise, and column
// multipliers c_j = 1/(s_j sqrt(pf_j)):
//
//   B = Omega^{1/2} (X - 1 xbar') diag(c)      (n x p)
//   t = Omega^{1/2} (y - ybar)                 (n)
//   minimise 1/2 ||t - B gamma||^2 + lambda/2 ||gamma||^2,  gamma_j = sqrt(pf_j) beta_std_j
//
// so gamma = (B'B + lambda I)^{-1} B't  (Cholesky, n >= p)  = B'(BB' + lambda I)^{-1} t
// (Cholesky on the n x n kernel, n < p), beta_j = c_j gamma_j and b = ybar - xbar'beta.
// Centering is exact for the unpenalized intercept: the intercept column Omega^{1/2} 1 is
// orthogonal to B. With B = U diag(s) V' every lambda of a path costs O(p r):
// gamma(lambda) = V diag(s / (s^2 + lambda)) U't.
//
// Dense X: B is formed and its thin SVD taken by LAPACK dgesdd (OpenBLAS).
// Sparse X: B is never formed. The Gram B'B (n >= p) or kernel BB' (n < p) is built from
// sparse products with the centering folded in (X'Omega X - xbar xbar'), and its symmetric
// eigendecomposition gives V and s (or U and s). That squares the condition number, so
// singular values below sqrt(eps) * s_max are dropped (they contribute nothing for
// lambda > 0 that double precision could resolve).
//
// Leave-one-out (Rifkin & Lippert, "Notes on regularized least squares", MIT CBCL 2007;
// scikit-learn's _RidgeGCV): the hat matrix of the transformed problem including the
// unpenalized intercept is H = u0 u0' + U diag(s^2/(s^2 + lambda)) U' with u0 = Omega^{1/2} 1,
// and the exact LOO residual is r_i / (1 - H_ii) (times 1/sqrt(omega_i) on y's scale).
// As in scikit-learn, the left-out refit keeps the penalty at its full-data strength in
// sum form (lambda W) and the column scales of the full data; the intercept (centering)
// is refitted exactly.
#include "regkit/linear/ridge.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "regkit/core/check.hpp"

// LAPACK from OpenBLAS: thin SVD by divide and conquer. The trailing length is the
// hidden Fortran length of `jobz`.
extern "C" void dgesdd_(const char* jobz, const int* m, const int* n, double* a, const int* lda,
                        double* s, double* u, const int* ldu, double* vt, const int* ldvt,
                        double* work, const int* lwork, int* iwork, int* info, std::size_t jobz_len);

// Householder QR, used to take the SVD of a tall B through its p x p triangle.
extern "C" void dgeqrf_(const int* m, const int* n, double* a, const int* lda, double* tau,
                        double* work, const int* lwork, int* info);

extern "C" void dgemm_(const char* transa, const char* transb, const int* m, const int* n,
                       const int* k, const double* alpha, const double* a, const int* lda,
                       const double* b, const int* ldb, const double* beta, double* c,
                       const int* ldc, std::size_t transa_len, std::size_t transb_len);

namespace regkit::linear {

void RidgeOptions::validate(Index n, Index p) const {
  const char* where = "RidgeOptions";
  if (penalty_factor.size() != 0 && penalty_factor.size() != p)
    throw InvalidArgument(std::string(where) + ": penalty_factor has " +
                          check::str(penalty_factor.size()) + " entries; expected 0 or p = " +
                          check::str(p));
  for (Index j = 0; j < penalty_factor.size(); ++j)
    check::positive(where, "penalty_factor[" + check::str(j) + "]", penalty_factor[j]);
  if (sample_weight.size() != 0 && sample_weight.size() != n)
    throw InvalidArgument(std::string(where) + ": sample_weight has " +
                          check::str(sample_weight.size()) + " entries; expected 0 or n = " +
                          check::str(n));
  for (Index i = 0; i < sample_weight.size(); ++i)
    check::non_negative(where, "sample_weight[" + check::str(i) + "]", sample_weight[i]);
  if (sample_weight.size() != 0 && !(sample_weight.sum() > 0.0))
    throw InvalidArgument(std::string(where) +
                          ": sample_weight sums to 0; expected at least one positive weight");
}

namespace {

using Clock = std::chrono::steady_clock;

// The transformed problem of the file header, with what is needed to map back.
struct Problem {
  explicit Problem(const DesignView& data) : X(data) {}
  DesignView X;                   // the caller's data, not copied
  Index n = 0;
  Index p = 0;
  bool fit_intercept = true;
  Vector omega;       // n, w_i / W
  Vector sqrt_omega;  // n
  Vector x_mean;      // p, weighted means (zeros without intercept)
  Vector inv_scale;   // p, 1/s_j (1 without standardize; 0 for a constant column, excluded)
  Vector sqrt_pf;     // p
  Vector col_mult;    // p, c_j = inv_scale_j / sqrt(pf_j)
  Matrix B;           // n x p, dense X only
};

// Weighted column statistics of one column given as (row, value) pairs over the
// nonzeros (sparse) or all rows (dense). Constant columns (equal values on every row
// with positive weight) get sd 0 exactly.
struct ColumnStats {
  double mean = 0.0;
  double sd = 0.0;
};

ColumnStats dense_column_stats(const DenseView& X, Index j, const Vector& omega) {
  ColumnStats st;
  for (Index i = 0; i < X.rows(); ++i) st.mean += omega[i] * X(i, j);
  double var = 0.0;
  bool constant = true;
  double first = std::numeric_limits<double>::quiet_NaN();
  for (Index i = 0; i < X.rows(); ++i) {
    if (omega[i] <= 0.0) continue;
    const double d = X(i, j) - st.mean;
    var += omega[i] * d * d;
    if (std::isnan(first)) first = X(i, j);
    else if (X(i, j) != first) constant = false;
  }
  st.sd = constant ? 0.0 : std::sqrt(var);
  return st;
}

ColumnStats sparse_column_stats(const SparseView& X, Index j, const Vector& omega,
                                Index positive_rows) {
  ColumnStats st;
  double stored_weight = 0.0;
  Index stored_positive = 0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (SparseView::InnerIterator it(X, j); it; ++it) {
    st.mean += omega[it.row()] * it.value();
    stored_weight += omega[it.row()];
    if (omega[it.row()] > 0.0) {
      ++stored_positive;
      lo = std::min(lo, it.value());
      hi = std::max(hi, it.value());
    }
  }
  // Rows not stored hold 0: they add (their weight) * mean^2 to the variance.
  double var = std::max(0.0, 1.0 - stored_weight) * st.mean * st.mean;
  for (SparseView::InnerIterator it(X, j); it; ++it) {
    const double d = it.value() - st.mean;
    var += omega[it.row()] * d * d;
  }
  if (stored_positive < positive_rows) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
  st.sd = lo == hi ? 0.0 : std::sqrt(var);
  return st;
}

void check_inputs(const char* where, const DesignView& X, Index targets_rows, double lambda,
                  const RidgeOptions& options) {
  const Index n = rows(X);
  const Index p = cols(X);
  check::not_empty(where, n, p);
  check::same_rows(where, n, targets_rows);
  check::non_negative(where, "lambda", lambda);
  options.validate(n, p);
  check::all_finite(where, "X", X);
}

Problem prepare(const DesignView& X, const RidgeOptions& options) {
  Problem P(X);
  P.n = rows(X);
  P.p = cols(X);
  P.fit_intercept = options.fit_intercept;
  P.omega = options.sample_weight.size() ? options.sample_weight : Vector::Ones(P.n);
  P.omega /= P.omega.sum();
  P.sqrt_omega = P.omega.cwiseSqrt();
  P.x_mean = Vector::Zero(P.p);
  P.inv_scale = Vector::Ones(P.p);
  P.sqrt_pf = options.penalty_factor.size() ? Vector(options.penalty_factor.cwiseSqrt())
                                            : Vector(Vector::Ones(P.p));
  const auto* dense = std::get_if<DenseView>(&X);
  const auto* sparse = std::get_if<SparseView>(&X);
  const Index positive_rows = (P.omega.array() > 0.0).count();
  for (Index j = 0; j < P.p; ++j) {
    const ColumnStats st = dense ? dense_column_stats(*dense, j, P.omega)
                                 : sparse_column_stats(*sparse, j, P.omega, positive_rows);
    if (P.fit_intercept) P.x_mean[j] = st.mean;
    if (options.standardize) P.inv_scale[j] = st.sd > 0.0 ? 1.0 / st.sd : 0.0;
  }
  P.col_mult = P.inv_scale.cwiseQuotient(P.sqrt_pf);
  if (dense) {
    P.B = P.sqrt_omega.asDiagonal() *
          (dense->rowwise() - P.x_mean.transpose()) * P.col_mult.asDiagonal();
  }
  return P;
}

// Targets: T = Omega^{1/2} (Y - 1 ybar'), ybar weighted means (0 without intercept).
Matrix center_targets(const Problem& P, const Matrix& Y, Vector& y_mean) {
  y_mean = P.fit_intercept ? Vector(Y.transpose() * P.omega) : Vector::Zero(Y.cols());
  return P.sqrt_omega.asDiagonal() * (Y.rowwise() - y_mean.transpose());
}

// B' M (p x k); from X itself once B is gone (sparse X, or after the SVD took B).
Matrix Bt_times(const Problem& P, const Matrix& M) {
  if (P.B.size()) return P.B.transpose() * M;
  const Matrix OM = P.sqrt_omega.asDiagonal() * M;
  Matrix R = std::visit([&](const auto& x) -> Matrix { return x.transpose() * OM; }, P.X);
  R.noalias() -= P.x_mean * (P.sqrt_omega.transpose() * M);
  return P.col_mult.asDiagonal() * R;
}

// B G (n x k).
Matrix B_times(const Problem& P, const Matrix& G) {
  if (P.B.size()) return P.B * G;
  const Matrix CG = P.col_mult.asDiagonal() * G;
  Matrix R = std::visit([&](const auto& x) -> Matrix { return x * CG; }, P.X);
  R.rowwise() -= P.x_mean.transpose() * CG;
  return P.sqrt_omega.asDiagonal() * R;
}

// B'B (p x p).
Matrix gram(const Problem& P) {
  if (P.B.size()) {
    Matrix G = Matrix::Zero(P.p, P.p);
    G.selfadjointView<Eigen::Lower>().rankUpdate(P.B.transpose());
    return G.selfadjointView<Eigen::Lower>();
  }
  const auto& X = std::get<SparseView>(P.X);
  const SparseMatrix WX = P.omega.asDiagonal() * X;
  Matrix G = Matrix(SparseMatrix(X.transpose() * WX));
  G.noalias() -= P.x_mean * P.x_mean.transpose();  // X'Omega X - xbar xbar' (sum omega = 1)
  return P.col_mult.asDiagonal() * G * P.col_mult.asDiagonal();
}

// BB' (n x n).
Matrix kernel(const Problem& P) {
  if (P.B.size()) {
    Matrix K = Matrix::Zero(P.n, P.n);
    K.selfadjointView<Eigen::Lower>().rankUpdate(P.B);
    return K.selfadjointView<Eigen::Lower>();
  }
  const auto& X = std::get<SparseView>(P.X);
  const SparseMatrix XC = X * P.col_mult.asDiagonal();
  Matrix K = Matrix(SparseMatrix(XC * XC.transpose()));
  const Vector cx = P.col_mult.cwiseProduct(P.x_mean);
  const Vector v = XC * cx;  // X C^2 xbar
  const double c = cx.squaredNorm();
  K.noalias() -= v * Vector::Ones(P.n).transpose();
  K.noalias() -= Vector::Ones(P.n) * v.transpose();
  K.array() += c;
  return P.sqrt_omega.asDiagonal() * K * P.sqrt_omega.asDiagonal();
}

// gamma for every target column of T at one lambda, by Cholesky.
Matrix solve_cholesky(const char* where, const Problem& P, const Matrix& T, double lambda) {
  const bool primal = P.n >= P.p;
  Matrix A = primal ? gram(P) : kernel(P);
  A.diagonal().array() += lambda;
  const Eigen::LLT<Matrix> llt(A);
  // Singular to working precision (rank-deficient X at lambda 0) is an error, not noise.
  const double rcond_floor =
      static_cast<double>(A.rows()) * std::numeric_limits<double>::epsilon();
  if (llt.info() != Eigen::Success || !(llt.rcond() > rcond_floor))
    throw NumericalError(std::string(where) + ": " + (primal ? "X'WX" : "the kernel XX'") +
                         " + lambda diag(pf) is not positive definite at lambda = " +
                         check::str(lambda) + "; expected lambda > 0 for rank-deficient X");
  return primal ? Matrix(llt.solve(Bt_times(P, T))) : Bt_times(P, llt.solve(T));
}

// B = U diag(s) V' with singular values below the rank tolerance dropped.
struct Spectrum {
  Matrix U;  // n x r (when asked)
  Matrix V;  // p x r (when asked)
  Vector s;  // r, decreasing
};

Spectrum thin_svd(const char* where, Matrix A);

// For a tall A (m > n) when U is not needed: A = QR, then R = U_R S V', so A has the
// singular values S and right vectors V of R (and U = Q U_R, never formed). About half
// the work of an SVD that forms U.
Spectrum tall_svd_without_U(const char* where, Matrix A) {
  const int m = static_cast<int>(A.rows());
  const int n = static_cast<int>(A.cols());
  Vector tau(n);
  int info = 0;
  int lwork = -1;
  double query = 0.0;
  dgeqrf_(&m, &n, A.data(), &m, tau.data(), &query, &lwork, &info);
  lwork = static_cast<int>(query) + 1;
  std::vector<double> work(static_cast<std::size_t>(lwork));
  dgeqrf_(&m, &n, A.data(), &m, tau.data(), work.data(), &lwork, &info);
  if (info != 0)
    throw NumericalError(std::string(where) + ": the QR factorization of X failed (LAPACK dgeqrf info " +
                         check::str(info) + ")");
  Matrix R = A.topRows(n).triangularView<Eigen::Upper>();
  Spectrum sp = thin_svd(where, std::move(R));
  sp.U = Matrix();
  return sp;
}

Spectrum lapack_svd(const char* where, Matrix A);

// Thin SVD of A = U diag(s) V'. LAPACK reduces a wide column-major matrix through an LQ
// factorization that walks rows (level-2, slow); the SVD of the tall A' = V diag(s) U'
// goes through QR instead, so wide A is transposed first (as NumPy's C-order arrays are).
Spectrum thin_svd(const char* where, Matrix A) {
  if (A.rows() >= A.cols()) return lapack_svd(where, std::move(A));
  Spectrum sp = lapack_svd(where, A.transpose());
  std::swap(sp.U, sp.V);
  return sp;
}

Spectrum lapack_svd(const char* where, Matrix A) {
  const int m = static_cast<int>(A.rows());
  const int n = static_cast<int>(A.cols());
  const int k = std::min(m, n);
  Spectrum sp;
  sp.s.resize(k);
  sp.U.resize(m, k);
  Matrix VT(k, n);
  std::vector<int> iwork(static_cast<std::size_t>(8 * k));
  int info = 0;
  int lwork = -1;
  double query = 0.0;
  const int lda = std::max(1, m);
  const int ldu = std::max(1, m);
  const int ldvt = std::max(1, k);
  dgesdd_("S", &m, &n, A.data(), &lda, sp.s.data(), sp.U.data(), &ldu, VT.data(), &ldvt, &query,
          &lwork, iwork.data(), &info, 1);
  lwork = static_cast<int>(query) + 1;
  std::vector<double> work(static_cast<std::size_t>(lwork));
  dgesdd_("S", &m, &n, A.data(), &lda, sp.s.data(), sp.U.data(), &ldu, VT.data(), &ldvt,
          work.data(), &lwork, iwork.data(), &info, 1);
  if (info != 0)
    throw NumericalError(std::string(where) + ": the SVD of X did not converge (LAPACK dgesdd info " +
                         check::str(info) + ")");
  sp.V = VT.transpose();
  const double tol = (sp.s.size() ? sp.s[0] : 0.0) * std::max(m, n) *
                     std::numeric_limits<double>::epsilon();
  Index r = 0;
  while (r < sp.s.size() && sp.s[r] > tol) ++r;
  sp.s.conservativeResize(r);
  sp.U.conservativeResize(Eigen::NoChange, r);
  sp.V.conservativeResize(Eigen::NoChange, r);
  return sp;
}

// Eigenvectors (decreasing eigenvalue) of a symmetric PSD matrix with eigenvalues above
// the rank tolerance; s = sqrt(eigenvalue).
void symmetric_spectrum(const Matrix& A, Index other_dim, Matrix& vectors, Vector& s) {
  const Eigen::SelfAdjointEigenSolver<Matrix> eig(A);
  const Vector& ev = eig.eigenvalues();  // increasing
  const Index m = ev.size();
  const double top = m ? std::max(ev[m - 1], 0.0) : 0.0;
  const double tol = top * static_cast<double>(std::max(m, other_dim)) *
                     std::numeric_limits<double>::epsilon();
  Index r = 0;
  while (r < m && ev[m - 1 - r] > tol) ++r;
  vectors.resize(m, r);
  s.resize(r);
  for (Index k = 0; k < r; ++k) {
    vectors.col(k) = eig.eigenvectors().col(m - 1 - k);
    s[k] = std::sqrt(ev[m - 1 - k]);
  }
}

Spectrum spectrum(const char* where, Problem& P, bool need_U, bool need_V) {
  if (P.B.size()) {
    Spectrum sp = (!need_U && P.n > P.p) ? tall_svd_without_U(where, std::move(P.B))
                                         : thin_svd(where, std::move(P.B));
    P.B = Matrix();  // moved into the SVD; later products use X
    return sp;
  }
  Spectrum sp;
  if (P.n >= P.p) {
    symmetric_spectrum(gram(P), P.n, sp.V, sp.s);
    if (need_U) sp.U = B_times(P, sp.V) * sp.s.cwiseInverse().asDiagonal();
  } else {
    symmetric_spectrum(kernel(P), P.p, sp.U, sp.s);
    if (need_V) sp.V = Bt_times(P, sp.U) * sp.s.cwiseInverse().asDiagonal();
  }
  return sp;
}

// U't for a target vector t, also when only V is known: U't = diag(1/s) V' B't.
Vector project_targets(const Problem& P, const Spectrum& sp, const Vector& t) {
  if (sp.s.size() == 0) return Vector();
  if (sp.U.size()) return sp.U.transpose() * t;
  return sp.s.cwiseInverse().asDiagonal() * (sp.V.transpose() * Bt_times(P, t));
}

// op(A) * M for dense A through OpenBLAS (op = transpose when `transpose`).
Matrix blas_product(const DenseView& A, bool transpose, const Matrix& M) {
  const int m = static_cast<int>(transpose ? A.cols() : A.rows());
  const int k = static_cast<int>(transpose ? A.rows() : A.cols());
  const int n = static_cast<int>(M.cols());
  Matrix C(m, n);
  if (m == 0 || n == 0) return C;
  if (k == 0) return Matrix::Zero(m, n);
  const double one = 1.0;
  const double zero = 0.0;
  const int lda = static_cast<int>(std::max<Index>(1, A.rows()));
  const int ldb = static_cast<int>(std::max<Index>(1, M.rows()));
  dgemm_(transpose ? "T" : "N", "N", &m, &n, &k, &one, A.data(), &lda, M.data(), &ldb, &zero,
         C.data(), &m, 1, 1);
  return C;
}

// Products with the original X (no copy), used for the KKT check.
Matrix X_times(const DesignView& X, const Matrix& M) {
  if (const auto* dense = std::get_if<DenseView>(&X)) return blas_product(*dense, false, M);
  return std::get<SparseView>(X) * M;
}
Matrix Xt_times(const DesignView& X, const Matrix& M) {
  if (const auto* dense = std::get_if<DenseView>(&X)) return blas_product(*dense, true, M);
  return std::get<SparseView>(X).transpose() * M;
}

// Objective and largest KKT violation of each column of `coefs` (p x L, original scale)
// with its intercept, evaluated on the original data X (not on B or its SVD):
//   grad wrt beta_std_j = -inv_scale_j x_j'Omega r + lambda pf_j beta_std_j,
//   grad wrt b          = -1'Omega r (only with an intercept),
// r = y - b - X beta. For n >= p, X'Omega r and r'Omega r come from the weighted Gram
// X'Omega X (n p^2 / 2 work once) instead of n x L residuals (2 n p L).
void certify(const Problem& P, const Vector& y, const Matrix& coefs, const Vector& intercepts,
             const Vector& lambdas, const Matrix& gammas, Vector& objective, Vector& kkt) {
  const Index L = coefs.cols();
  Matrix XtWr(P.p, L);    // X'Omega r for each column
  Vector rWr(L), Wr(L);   // r'Omega r and 1'Omega r
  if (P.n >= P.p) {
    Matrix gram_x;
    if (const auto* dense = std::get_if<DenseView>(&P.X)) {
      const Matrix root_wx = P.sqrt_omega.asDiagonal() * *dense;
      gram_x = Matrix::Zero(P.p, P.p);
      gram_x.selfadjointView<Eigen::Lower>().rankUpdate(root_wx.transpose());
      gram_x = gram_x.selfadjointView<Eigen::Lower>();
    } else {
      const auto& X = std::get<SparseView>(P.X);
      const SparseMatrix WX = P.omega.asDiagonal() * X;
      gram_x = Matrix(SparseMatrix(X.transpose() * WX));
    }
    const Vector wy = P.omega.cwiseProduct(y);
    const Vector Xwy = Xt_times(P.X, wy);
    const Vector xw = Xt_times(P.X, P.omega);
    const double ywy = wy.dot(y);
    const double mean_y = P.omega.dot(y);
    const Matrix GC = gram_x * coefs;
    for (Index l = 0; l < L; ++l) {
      const double b = intercepts[l];
      XtWr.col(l) = Xwy - GC.col(l) - b * xw;
      rWr[l] = ywy - 2.0 * coefs.col(l).dot(Xwy) - 2.0 * b * mean_y + coefs.col(l).dot(GC.col(l)) +
               2.0 * b * coefs.col(l).dot(xw) + b * b;
      Wr[l] = mean_y - xw.dot(coefs.col(l)) - b;
    }
  } else {
    Matrix R = -X_times(P.X, coefs);
    R.colwise() += y;
    R.rowwise() -= intercepts.transpose();
    const Matrix WR = P.omega.asDiagonal() * R;
    XtWr = Xt_times(P.X, WR);
    for (Index l = 0; l < L; ++l) {
      rWr[l] = R.col(l).dot(WR.col(l));
      Wr[l] = WR.col(l).sum();
    }
  }
  objective.resize(L);
  kkt.resize(L);
  for (Index l = 0; l < L; ++l) {
    const Vector grad = -P.inv_scale.cwiseProduct(XtWr.col(l)) +
                        lambdas[l] * P.sqrt_pf.cwiseProduct(gammas.col(l));
    double violation = grad.size() ? grad.cwiseAbs().maxCoeff() : 0.0;
    if (P.fit_intercept) violation = std::max(violation, std::abs(Wr[l]));
    kkt[l] = violation;
    objective[l] = 0.5 * rWr[l] + 0.5 * lambdas[l] * gammas.col(l).squaredNorm();
  }
}

// Original-scale coefficients and intercepts from gammas (p x k) and target means.
void to_original(const Problem& P, const Matrix& gammas, const Vector& y_mean, Matrix& coefs,
                 Vector& intercepts) {
  coefs = P.col_mult.asDiagonal() * gammas;
  intercepts = P.fit_intercept ? Vector(y_mean - coefs.transpose() * P.x_mean)
                               : Vector(Vector::Zero(gammas.cols()));
}

// Lambdas sorted decreasing, validated; empty = glmnet's alpha = 0 grid.
Vector path_lambdas(const char* where, const Problem& P, const Vector& t, const Vector& lambdas) {
  if (lambdas.size()) {
    for (Index l = 0; l < lambdas.size(); ++l)
      check::non_negative(where, "lambdas[" + check::str(l) + "]", lambdas[l]);
    Vector sorted = lambdas;
    std::sort(sorted.data(), sorted.data() + sorted.size(), std::greater<>());
    return sorted;
  }
  // lambda_max = max_j |<x~_j, t>| / (0.001 pf_j) on the solver's columns x~_j = B_j sqrt(pf_j).
  const Vector Btt = Bt_times(P, t);
  double lambda_max = 0.0;
  for (Index j = 0; j < P.p; ++j)
    lambda_max = std::max(lambda_max, std::abs(Btt[j]) / (0.001 * P.sqrt_pf[j]));
  if (!(lambda_max > 0.0)) lambda_max = 1.0;  // y constant: every lambda gives beta = 0
  const Index L = 100;
  Vector grid(L);
  for (Index l = 0; l < L; ++l)
    grid[l] = lambda_max * std::pow(1e-4, static_cast<double>(l) / static_cast<double>(L - 1));
  return grid;
}

}  // namespace

namespace {

// One lambda by Cholesky for every column of Y; coefficients on the original scale.
struct PointFit {
  Problem problem;
  Matrix gamma, coef;
  Vector intercept;
};
PointFit fit_point(const char* where, const DesignView& X, const Matrix& Y, double lambda, const RidgeOptions& options) {
  check_inputs(where, X, Y.rows(), lambda, options);
  check::all_finite(where, "y", Y);
  PointFit f{prepare(X, options), {}, {}, {}};
  Vector y_mean;
  const Matrix T = center_targets(f.problem, Y, y_mean);
  f.gamma = solve_cholesky(where, f.problem, T, lambda);
  to_original(f.problem, f.gamma, y_mean, f.coef, f.intercept);
  return f;
}

}  // namespace

FitResult fit_ridge(const DesignView& X, const Vector& y, double lambda, const RidgeOptions& options) {
  const PointFit f = fit_point("fit_ridge", X, y, lambda, options);
  const Problem& P = f.problem;
  const Matrix& gamma = f.gamma;
  const Matrix& coef = f.coef;
  const Vector& intercept = f.intercept;
  Vector objective, kkt;
  certify(P, y, coef, intercept, Vector::Constant(1, lambda), gamma, objective, kkt);
  FitResult fit;
  fit.lambda = lambda;
  fit.alpha = 0.0;
  fit.coef = coef.col(0);
  fit.intercept = intercept[0];
  fit.iterations = 0;
  fit.converged = true;
  fit.objective = objective[0];
  fit.duality_gap = 0.0;
  fit.max_kkt_violation = kkt[0];
  return fit;
}

RidgeMultiFit fit_ridge_multi(const DesignView& X, const Matrix& Y, double lambda,
                              const RidgeOptions& options) {
  PointFit f = fit_point("fit_ridge_multi", X, Y, lambda, options);
  RidgeMultiFit fit;
  fit.lambda = lambda;
  fit.coef = std::move(f.coef);
  fit.intercept = std::move(f.intercept);
  return fit;
}

PathResult ridge_path(const DesignView& X, const Vector& y, const Vector& lambdas,
                      const RidgeOptions& options) {
  const char* where = "ridge_path";
  check_inputs(where, X, y.size(), 0.0, options);
  check::all_finite(where, "y", y);
  const auto start = Clock::now();
  Problem P = prepare(X, options);
  Vector y_mean;
  const Vector t = center_targets(P, y, y_mean).col(0);
  PathResult path;
  path.alpha = 0.0;
  path.lambdas = path_lambdas(where, P, t, lambdas);
  const Index L = path.lambdas.size();
  const Spectrum sp = spectrum(where, P, false, true);
  const Vector uty = project_targets(P, sp, t);
  // gamma(lambda_l) = V diag(s / (s^2 + lambda_l)) U't, all lambdas in one product.
  Matrix D(sp.s.size(), L);
  for (Index l = 0; l < L; ++l)
    for (Index k = 0; k < sp.s.size(); ++k)
      D(k, l) = sp.s[k] * uty[k] / (sp.s[k] * sp.s[k] + path.lambdas[l]);
  const Matrix gammas = sp.V * D;
  to_original(P, gammas, Vector::Constant(L, y_mean[0]), path.coefs, path.intercepts);
  path.fit_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  certify(P, y, path.coefs, path.intercepts, path.lambdas, gammas, path.objective,
          path.max_kkt_violation);
  path.iterations.assign(static_cast<std::size_t>(L), 0);
  path.converged.assign(static_cast<std::size_t>(L), true);
  path.duality_gap = Vector::Zero(L);
  path.df.resize(static_cast<std::size_t>(L));
  for (Index l = 0; l < L; ++l)
    path.df[static_cast<std::size_t>(l)] = static_cast<int>((path.coefs.col(l).array() != 0.0).count());
  return path;
}

RidgeLooResult ridge_loo(const DesignView& X, const Vector& y, const Vector& lambdas,
                         const RidgeOptions& options) {
  const char* where = "ridge_loo";
  check_inputs(where, X, y.size(), 0.0, options);
  check::all_finite(where, "y", y);
  Problem P = prepare(X, options);
  Vector y_mean;
  const Vector t = center_targets(P, y, y_mean).col(0);
  RidgeLooResult out;
  out.lambdas = path_lambdas(where, P, t, lambdas);
  const Index L = out.lambdas.size();
  const Spectrum sp = spectrum(where, P, true, false);
  const Vector uty = sp.U.transpose() * t;
  const Index r = sp.s.size();
  // h_k(lambda) = s_k^2 / (s_k^2 + lambda): the shrinkage of each singular direction.
  Matrix H(r, L);
  for (Index l = 0; l < L; ++l)
    for (Index k = 0; k < r; ++k) H(k, l) = sp.s[k] * sp.s[k] / (sp.s[k] * sp.s[k] + out.lambdas[l]);
  // diag of the hat matrix for every lambda (n x L), and the residuals t - H t.
  Matrix hat_diag = sp.U.array().square().matrix() * H;
  if (P.fit_intercept) hat_diag.colwise() += P.omega;  // u0 u0' with u0 = Omega^{1/2} 1
  Matrix residual = -(sp.U * (uty.asDiagonal() * H));
  residual.colwise() += t;
  Index n_positive = 0;
  for (Index i = 0; i < P.n; ++i) n_positive += P.omega[i] > 0.0;
  out.loo_mse.resize(L);
  out.gcv.resize(L);
  for (Index l = 0; l < L; ++l) {
    double loo = 0.0;
    for (Index i = 0; i < P.n; ++i) {
      if (P.omega[i] <= 0.0) continue;
      const double e = residual(i, l) / (1.0 - hat_diag(i, l));
      loo += e * e;  // = omega_i * (y_i - yhat_i^{(-i)})^2
    }
    out.loo_mse[l] = loo;
    const double df = H.col(l).sum() + (P.fit_intercept ? 1.0 : 0.0);
    const double shrink = 1.0 - df / static_cast<double>(n_positive);
    out.gcv[l] = residual.col(l).squaredNorm() / (shrink * shrink);
  }
  Index best = 0;
  for (Index l = 1; l < L; ++l)
    if (out.loo_mse[l] < out.loo_mse[best]) best = l;
  out.best = best;
  return out;
}

}  // namespace regkit::linear
