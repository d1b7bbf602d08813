// The logistic model file: bit-exact round trip (binomial and multinomial), the tensor
// layout other tools read, predictions by hand, and named errors.
#include "regkit/linear/logistic_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>

#include "regkit/core/errors.hpp"
#include "regkit/io/tensor_file.hpp"
#include "regkit/linear/linear_model.hpp"
#include "support/expect_error.hpp"
#include "support/random_data.hpp"
#include "support/temp_dir.hpp"

namespace regkit::linear {
namespace {

bool same_bits(const Matrix& a, const Matrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
}

// A model with awkward doubles (subnormal, -0.0, 1/3, huge) so that any text round trip
// or reordering would show.
LogisticModel awkward_model(Index p, Index m, Index k, Index L) {
  LogisticModel model;
  model.alpha = 1.0 / 3.0;
  model.grouped = m > 1;
  model.standardize = false;
  model.fit_intercept = true;
  model.classes = Vector::LinSpaced(k, -1.0, static_cast<double>(k) - 2.0);
  model.lambdas.resize(L);
  for (Index l = 0; l < L; ++l) model.lambdas[l] = 0.7 * std::pow(0.37, static_cast<double>(l));
  for (Index l = 0; l < L; ++l) {
    Matrix c = test::random_matrix(p, m, 11 + static_cast<std::uint64_t>(l)) / 3.0;
    c(0, 0) = std::numeric_limits<double>::denorm_min();
    if (p > 1) c(1, 0) = -0.0;
    model.coefs.push_back(c);
  }
  model.intercepts = test::random_matrix(m, L, 5) * 1e300;
  model.selected = L - 1;
  for (Index j = 0; j < p; ++j) model.feature_names.push_back("f \"" + std::to_string(j) + "\"");
  model.target_name = "label";
  return model;
}

void expect_identical(const LogisticModel& a, const LogisticModel& b) {
  EXPECT_EQ(std::memcmp(&a.alpha, &b.alpha, sizeof(double)), 0);
  EXPECT_EQ(a.grouped, b.grouped);
  EXPECT_EQ(a.standardize, b.standardize);
  EXPECT_EQ(a.fit_intercept, b.fit_intercept);
  EXPECT_TRUE(same_bits(a.classes, b.classes));
  EXPECT_TRUE(same_bits(a.lambdas, b.lambdas));
  ASSERT_EQ(a.coefs.size(), b.coefs.size());
  for (std::size_t l = 0; l < a.coefs.size(); ++l) EXPECT_TRUE(same_bits(a.coefs[l], b.coefs[l])) << l;
  EXPECT_TRUE(same_bits(a.intercepts, b.intercepts));
  EXPECT_EQ(a.selected, b.selected);
  EXPECT_EQ(a.feature_names, b.feature_names);
  EXPECT_EQ(a.target_name, b.target_name);
}

TEST(LogisticModelFile, BinomialRoundTripIsBitExact) {
  test::TempDir dir;
  const LogisticModel model = awkward_model(4, 1, 2, 3);
  save_logistic_model(dir.file("b.regkit"), model);
  const LogisticModel back = load_logistic_model(dir.file("b.regkit"));
  expect_identical(model, back);
  EXPECT_FALSE(back.multinomial());
  EXPECT_EQ(model_file_kind(dir.file("b.regkit")), "logistic");
}

TEST(LogisticModelFile, MultinomialRoundTripIsBitExact) {
  test::TempDir dir;
  const LogisticModel model = awkward_model(5, 4, 4, 6);
  save_logistic_model(dir.file("m.regkit"), model);
  const LogisticModel back = load_logistic_model(dir.file("m.regkit"));
  expect_identical(model, back);
  EXPECT_TRUE(back.multinomial());
  EXPECT_EQ(back.n_features(), 5);
  EXPECT_EQ(back.n_classes(), 4);
}

TEST(LogisticModelFile, TensorsHaveTheDocumentedLayout) {
  // coefs [L, m, p] in C order: element (l, c, j) at (l*m + c)*p + j; intercepts [L, m].
  test::TempDir dir;
  const LogisticModel model = awkward_model(3, 4, 4, 2);
  save_logistic_model(dir.file("m.regkit"), model);
  const io::TensorFile file = io::load_tensor_file(dir.file("m.regkit"));
  EXPECT_EQ(file.meta("kind"), "logistic");
  EXPECT_EQ(file.meta("family"), "multinomial");
  const io::Tensor& coefs = file.tensor("coefs");
  ASSERT_EQ(coefs.shape, (std::vector<std::int64_t>{2, 4, 3}));
  const auto* raw = reinterpret_cast<const double*>(coefs.bytes.data());
  for (Index l = 0; l < 2; ++l)
    for (Index c = 0; c < 4; ++c)
      for (Index j = 0; j < 3; ++j)
        EXPECT_EQ(raw[(l * 4 + c) * 3 + j], model.coefs[static_cast<std::size_t>(l)](j, c));
  const io::Tensor& intercepts = file.tensor("intercepts");
  ASSERT_EQ(intercepts.shape, (std::vector<std::int64_t>{2, 4}));
  const auto* b = reinterpret_cast<const double*>(intercepts.bytes.data());
  EXPECT_EQ(b[1 * 4 + 2], model.intercepts(2, 1));
  EXPECT_EQ(file.tensor("classes").shape, (std::vector<std::int64_t>{4}));
}

TEST(LogisticModel, PredictionsAtTheSelectedLambdaByHand) {
  LogisticModel model;
  model.classes = (Vector(3) << 2, 5, 7).finished();
  model.lambdas = (Vector(2) << 1.0, 0.1).finished();
  model.coefs = {Matrix::Zero(2, 3), (Matrix(2, 3) << 1, -1, 0, 0.5, 2, -3).finished()};
  model.intercepts = (Matrix(3, 2) << 0, 0.1, 0, -0.2, 0, 0.3).finished();
  model.selected = 1;
  const Matrix X = (Matrix(2, 2) << 1, 2, -1, 0.5).finished();
  const Matrix P = model.predict_proba(Design(X));
  ASSERT_EQ(P.rows(), 2);
  ASSERT_EQ(P.cols(), 3);
  for (Index i = 0; i < 2; ++i) {
    Vector z = model.coefs[1].transpose() * X.row(i).transpose() + model.intercepts.col(1);
    const Vector e = (z.array() - z.maxCoeff()).exp();
    for (Index c = 0; c < 3; ++c) EXPECT_NEAR(P(i, c), e[c] / e.sum(), 1e-15);
  }
  const Vector labels = model.predict(Design(X));
  for (Index i = 0; i < 2; ++i) {
    Index best = 0;
    P.row(i).maxCoeff(&best);
    EXPECT_EQ(labels[i], model.classes[best]);
  }
  model.selected = 0;  // all-zero coefficients: uniform probabilities
  EXPECT_NEAR(model.predict_proba(Design(X))(0, 2), 1.0 / 3.0, 1e-15);
}

TEST(LogisticModel, FitAtLambdaInterpolatesBetweenFittedLambdas) {
  LogisticModel model;
  model.classes = (Vector(2) << 0, 1).finished();
  model.lambdas = (Vector(3) << 1.0, 0.5, 0.1).finished();
  model.coefs = {Matrix::Constant(2, 1, 0.0), Matrix::Constant(2, 1, 1.0), Matrix::Constant(2, 1, 3.0)};
  model.intercepts = (Matrix(1, 3) << 0.0, -1.0, -2.0).finished();
  const LogisticFit mid = model.fit_at_lambda(0.3);  // halfway from 0.5 to 0.1
  EXPECT_NEAR(mid.coef(1, 0), 2.0, 1e-15);
  EXPECT_NEAR(mid.intercept[0], -1.5, 1e-15);
  EXPECT_EQ(model.fit_at_lambda(0.5).coef(0, 0), 1.0);
  EXPECT_EQ(model.fit_at_lambda(7.0).coef(0, 0), 0.0);
  EXPECT_EQ(model.fit_at_lambda(0.0).coef(0, 0), 3.0);
  REGKIT_EXPECT_ERROR(model.fit_at_lambda(-1.0), InvalidArgument, "lambda must be a finite number >= 0");
}

TEST(LogisticModel, BinomialProbabilitiesAreTwoColumns) {
  LogisticModel model;
  model.classes = (Vector(2) << 0, 1).finished();
  model.lambdas = Vector::Constant(1, 0.5);
  model.coefs = {(Matrix(2, 1) << 1.5, -2).finished()};
  model.intercepts = Matrix::Constant(1, 1, 0.25);
  const Matrix X = (Matrix(3, 2) << 0, 0, 1, 1, -1, 2).finished();
  const Matrix P = model.predict_proba(Design(X));
  ASSERT_EQ(P.cols(), 2);
  for (Index i = 0; i < 3; ++i) {
    const double z = 0.25 + 1.5 * X(i, 0) - 2 * X(i, 1);
    EXPECT_NEAR(P(i, 1), 1 / (1 + std::exp(-z)), 1e-15);
    EXPECT_NEAR(P(i, 0) + P(i, 1), 1.0, 1e-15);
  }
  REGKIT_EXPECT_ERROR(model.predict(Design(Matrix(2, 3))), InvalidArgument,
                      "X has 3 columns but the model was fitted on 2 features");
}

TEST(LogisticModelFile, InconsistentModelsAreNamedErrorsAndNothingIsWritten) {
  test::TempDir dir;
  LogisticModel model = awkward_model(3, 1, 2, 2);
  model.intercepts = Matrix::Zero(1, 3);
  REGKIT_EXPECT_ERROR(save_logistic_model(dir.file("x.regkit"), model), InvalidArgument,
                      "intercepts are 1 x 3; expected 1 x 2");
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.regkit")));
  model = awkward_model(3, 1, 3, 2);
  REGKIT_EXPECT_ERROR(save_logistic_model(dir.file("x.regkit"), model), InvalidArgument,
                      "binomial model (1 coefficient column) has 3 classes");
  model = awkward_model(3, 1, 2, 2);
  model.selected = 2;
  REGKIT_EXPECT_ERROR(save_logistic_model(dir.file("x.regkit"), model), InvalidArgument,
                      "selected index 2 is not below 2 lambdas");
}

TEST(LogisticModelFile, LinearFilesAreNotLogisticModels) {
  test::TempDir dir;
  LinearModel linear;
  linear.lambdas = Vector::Constant(1, 0.1);
  linear.coefs = Matrix::Ones(2, 1);
  linear.intercepts = Vector::Zero(1);
  save_linear_model(dir.file("lin.regkit"), linear);
  EXPECT_EQ(model_file_kind(dir.file("lin.regkit")), "linear");
  REGKIT_EXPECT_ERROR(load_logistic_model(dir.file("lin.regkit")), DataError,
                      "not a regkit logistic model (format \"regkit-model\", kind \"linear\")");
}

TEST(LogisticModelFile, TamperedShapesAreDataErrors) {
  test::TempDir dir;
  const LogisticModel model = awkward_model(3, 3, 3, 2);
  save_logistic_model(dir.file("m.regkit"), model);
  io::TensorFile file = io::load_tensor_file(dir.file("m.regkit"));
  file.metadata["family"] = "binomial";
  io::save_tensor_file(dir.file("family.regkit"), file);
  REGKIT_EXPECT_ERROR(load_logistic_model(dir.file("family.regkit")), DataError,
                      "metadata \"family\" is \"binomial\" but \"coefs\" has 3 output(s)");
  file = io::load_tensor_file(dir.file("m.regkit"));
  file.tensors["classes"] = io::Tensor::from(Vector(Vector::LinSpaced(5, 0, 4)));
  io::save_tensor_file(dir.file("classes.regkit"), file);
  REGKIT_EXPECT_ERROR(load_logistic_model(dir.file("classes.regkit")), DataError,
                      "tensor \"coefs\" has shape [2, 3, 3]; expected [2, 1 or 5, p]");
}

}  // namespace
}  // namespace regkit::linear
