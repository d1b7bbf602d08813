// regkit fit / path / cv / predict / inspect with --model logistic: scikit-learn's fits
// through --C, the JSON summary, plots, model files, --proba, and named errors.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "regkit/data/readers.hpp"
#include "support/cli_run.hpp"
#include "support/png.hpp"
#include "support/reference_data.hpp"
#include "support/temp_dir.hpp"

namespace {

using regkit::test::CliRun;
using regkit::test::run_cli;

std::string ref(const std::string& name) { return regkit::test::reference_path(name); }
std::string seed002() { return ref("seed002_logistic.csv") + " --target y"; }
std::string three() { return ref("logistic_3class.csv") + " --target y"; }

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

class LogisticCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string(REGKIT_CLI_PATH).empty()) GTEST_SKIP() << "the CLI is not built";
  }
  regkit::test::TempDir dir;
  std::string file(const std::string& name) const { return dir.file(name); }
};

TEST_F(LogisticCli, HelpExplainsTheLogisticOptions) {
  const CliRun fit = run_cli("fit --help");
  ASSERT_EQ(fit.status, 0);
  for (const char* text : {"logistic", "--C", "lambda = 1 / (C n)", "--penalty", "l1", "elasticnet", "--class-weight",
                           "balanced", "--family", "multinomial", "--grouped", "--target-index", "--no-header"})
    EXPECT_TRUE(fit.says(text)) << text;
  const CliRun cv = run_cli("cv --help");
  for (const char* text : {"deviance", "accuracy", "auc", "one-vs-rest"}) EXPECT_TRUE(cv.says(text)) << text;
  EXPECT_TRUE(run_cli("predict --help").says("--proba"));
}

TEST_F(LogisticCli, SeedTwoDefaultLogisticRegressionThroughC) {
  // LogisticRegression() is C = 1, L2, unstandardized: lambda = 1 / (C n) = 0.01.
  const auto expected = regkit::test::load_reference_json("sklearn_logistic_reference.json")["seed002_logistic"];
  const std::string json = file("fit.json");
  const CliRun r = run_cli("fit --data " + seed002() + " --model logistic --C 1 --no-standardize --json " + json);
  ASSERT_EQ(r.status, 0) << r.output;
  const auto got = read_json(json);
  EXPECT_EQ(got["family"], "binomial");
  EXPECT_EQ(got["penalty"], "l2");
  EXPECT_NEAR(got["lambdas"][0].get<double>(), 0.01, 1e-15);
  for (int j = 0; j < 3; ++j)
    EXPECT_NEAR(got["coefficients"][0][j].get<double>(), expected["coef"][j].get<double>(), 1e-6) << j;
  EXPECT_NEAR(got["intercepts"][0].get<double>(), expected["intercept"].get<double>(), 1e-6);
  EXPECT_NEAR(got["training_accuracy"].get<double>(), expected["accuracy"].get<double>(), 1e-12);
  EXPECT_EQ(got["classes"], nlohmann::json::parse("[0.0, 1.0]"));
  for (const char* key : {"iterations", "kkt_violations", "deviance", "objective", "converged", "fit_seconds"})
    EXPECT_TRUE(got.contains(key)) << key;
  // --lambda 0.01 is the same fit
  const std::string json2 = file("fit2.json");
  ASSERT_EQ(run_cli("fit --data " + seed002() + " --model logistic --lambda 0.01 --no-standardize --json " + json2).status, 0);
  EXPECT_EQ(read_json(json2)["coefficients"], got["coefficients"]);
}

TEST_F(LogisticCli, ThreeClassesAreMultinomialAsScikitLearn) {
  const auto expected = regkit::test::load_reference_json("sklearn_logistic_reference.json")["three_class"];
  const std::string json = file("multi.json"), model = file("multi.regkit");
  const CliRun r = run_cli("fit --data " + three() + " --model logistic --C 0.5 --no-standardize --json " + json +
                           " --out " + model);
  ASSERT_EQ(r.status, 0) << r.output;
  const auto got = read_json(json);
  EXPECT_EQ(got["family"], "multinomial");
  ASSERT_EQ(got["coefficients"][0].size(), 3u);  // [class][feature]
  // Intercepts are unique up to a constant: compare them centred.
  double mean_got = 0, mean_ref = 0;
  for (int c = 0; c < 3; ++c) {
    mean_got += got["intercepts"][0][c].get<double>() / 3;
    mean_ref += expected["intercept"][c].get<double>() / 3;
    for (int j = 0; j < 4; ++j)
      EXPECT_NEAR(got["coefficients"][0][c][j].get<double>(), expected["coef"][c][j].get<double>(), 1e-6);
  }
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(got["intercepts"][0][c].get<double>() - mean_got, expected["intercept"][c].get<double>() - mean_ref,
                1e-6);
  // predict --proba: scikit-learn's probabilities for the first rows, one column per class
  const std::string proba = file("proba.csv");
  const CliRun p = run_cli("predict " + model + " --data " + three() + " --proba --out " + proba);
  ASSERT_EQ(p.status, 0) << p.output;
  EXPECT_TRUE(p.says("accuracy")) << p.output;
  std::ifstream in(proba);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "p_0,p_1,p_2");
  for (int i = 0; i < 3; ++i) {
    std::getline(in, line);
    std::stringstream ss(line);
    std::string field;
    for (int c = 0; c < 3; ++c) {
      std::getline(ss, field, ',');
      EXPECT_NEAR(std::stod(field), expected["proba_first_rows"][i][c].get<double>(), 1e-6);
    }
  }
  const CliRun labels = run_cli("predict " + model + " --data " + three());
  ASSERT_EQ(labels.status, 0);
  const CliRun inspect = run_cli("inspect " + model);
  EXPECT_TRUE(inspect.says("logistic multinomial model")) << inspect.output;
  EXPECT_TRUE(inspect.says("3 classes (0 1 2)")) << inspect.output;
}

TEST_F(LogisticCli, PathAndCvWriteJsonPlotsAndModels) {
  const std::string json = file("path.json"), png = file("path.png"), model = file("path.regkit");
  const CliRun r = run_cli("path --data " + seed002() + " --model logistic --penalty l1 --lambda-count 20 --json " +
                           json + " --plot " + png + " --out " + model);
  ASSERT_EQ(r.status, 0) << r.output;
  const auto got = read_json(json);
  ASSERT_EQ(got["lambdas"].size(), 20u);
  EXPECT_EQ(got["alpha"].get<double>(), 1.0);
  for (int j = 0; j < 3; ++j) EXPECT_EQ(got["coefficients"][0][j].get<double>(), 0.0);  // lambda_max
  EXPECT_GT(regkit::test::png_size(png).first, 100);

  const std::string cv_json = file("cv.json"), cv_png = file("cv.png"), cv_model = file("cv.regkit");
  const CliRun cv = run_cli("cv --data " + three() + " --model logistic --lambda-count 15 --folds 4 --seed 2 "
                            "--metric accuracy --json " + cv_json + " --plot " + cv_png + " --out " + cv_model);
  ASSERT_EQ(cv.status, 0) << cv.output;
  const auto c = read_json(cv_json)["cv"];
  EXPECT_EQ(c["metric"], "accuracy");
  EXPECT_GE(c["lambda_1se"].get<double>(), c["lambda_min"].get<double>());
  const auto mean = c["mean"].get<std::vector<double>>();
  const auto k = c["index_min"].get<std::size_t>();
  for (double m : mean) EXPECT_LE(m, mean[k]);
  EXPECT_EQ(c["accuracy"], c["mean"]);
  EXPECT_GT(regkit::test::png_size(cv_png).first, 1000);
  const CliRun inspect = run_cli("inspect " + cv_model);
  EXPECT_TRUE(inspect.says("index " + std::to_string(k) + " of 15")) << inspect.output;
}

TEST_F(LogisticCli, BadLabelsAreNamedErrors) {
  const std::string one = dir.write("one.csv", "a,y\n1,1\n2,1\n3,1\n");
  const CliRun r1 = run_cli("fit --data " + one + " --target y --model logistic --lambda 0.1");
  EXPECT_NE(r1.status, 0);
  EXPECT_TRUE(r1.says("one.csv")) << r1.output;
  EXPECT_TRUE(r1.says("class")) << r1.output;
  const std::string frac = dir.write("frac.csv", "a,y\n1,0\n2,0.5\n3,1\n");
  const CliRun r2 = run_cli("fit --data " + frac + " --target y --model logistic --lambda 0.1");
  EXPECT_NE(r2.status, 0);
  EXPECT_TRUE(r2.says("frac.csv")) << r2.output;
  EXPECT_TRUE(r2.says("0.5")) << r2.output;
  // NaN can only come from a binary labels file
  regkit::data::write_npy(file("x.npy"), regkit::Matrix(regkit::Matrix::Ones(3, 2)));
  regkit::data::write_npy(file("y.npy"), regkit::Vector((regkit::Vector(3) << 0, NAN, 1).finished()));
  const CliRun r3 = run_cli("fit --data " + file("x.npy") + " --labels " + file("y.npy") +
                            " --model logistic --lambda 0.1");
  EXPECT_NE(r3.status, 0);
  EXPECT_TRUE(r3.says("regkit: error:")) << r3.output;
  EXPECT_TRUE(r3.says("nan") || r3.says("NaN") || r3.says("finite")) << r3.output;
}

TEST_F(LogisticCli, BadOptionsAreNamedErrorsAndNothingIsWritten) {
  const std::string json = file("never.json");
  struct Case {
    std::string args, message;
  };
  for (const Case& c : std::vector<Case>{
           {"--model logistic --C 0", "--C: expected a finite number > 0; got '0'"},
           {"--model logistic --C -2", "--C: expected a finite number > 0; got '-2'"},
           {"--model logistic --C 1 --lambda 0.1", "--C and --lambda both set the penalty strength"},
           {"--model logistic", "give --lambda (glmnet convention) or --C"},
           {"--model logistic --penalty l3 --lambda 1", "--penalty"},
           {"--model logistic --penalty l2 --alpha 0.5 --lambda 1", "--alpha 0.5 does not apply to --penalty l2"},
           {"--model logistic --lambda 1 --class-weight 1,2,3", "3 weights for 2 classes"},
           {"--model logistic --lambda 1 --grouped", "--grouped applies to multinomial models"},
           {"--model lasso --C 1", "--C applies to --model logistic"},
           {"--model ridge --lambda 1 --penalty l2", "--penalty l2 applies to --model logistic"},
       }) {
    const CliRun r = run_cli("fit --data " + seed002() + " " + c.args + " --json " + json);
    EXPECT_NE(r.status, 0) << c.args;
    EXPECT_TRUE(r.says(c.message)) << c.args << "\n" << r.output;
    EXPECT_FALSE(std::filesystem::exists(json)) << c.args;
  }
  const CliRun metric = run_cli("cv --data " + seed002() + " --model logistic --metric mse");
  EXPECT_NE(metric.status, 0);
  EXPECT_TRUE(metric.says("--metric mse applies to linear models")) << metric.output;
  const CliRun linear_metric = run_cli("cv --data " + seed002() + " --model lasso --metric auc");
  EXPECT_NE(linear_metric.status, 0);
  EXPECT_TRUE(linear_metric.says("--metric auc applies to --model logistic")) << linear_metric.output;
}

TEST_F(LogisticCli, BalancedClassWeightsAndHeaderlessGzipData) {
  const std::string json = file("w.json");
  ASSERT_EQ(run_cli("fit --data " + seed002() + " --model logistic --lambda 0.01 --class-weight balanced --json " + json)
                .status,
            0);
  // A header-less copy of the 3-class data with the label first: the same fit.
  std::ifstream in(ref("logistic_3class.csv"));
  std::string line, text;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const auto comma = line.rfind(',');
    text += line.substr(comma + 1) + "," + line.substr(0, comma) + "\n";
  }
  const std::string bare = dir.write("bare.csv", text);
  const std::string a = file("a.json"), b = file("b.json");
  ASSERT_EQ(run_cli("fit --data " + three() + " --model logistic --lambda 0.05 --json " + a).status, 0);
  const CliRun r = run_cli("fit --data " + bare + " --no-header --target-index 0 --model logistic --lambda 0.05 --json " + b);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_json(a)["coefficients"], read_json(b)["coefficients"]);
  const CliRun bad = run_cli("fit --data " + bare + " --no-header --target-index 9 --model logistic --lambda 0.05");
  EXPECT_NE(bad.status, 0);
  EXPECT_TRUE(bad.says("target column index 9 is outside the 5 columns")) << bad.output;
}

TEST_F(LogisticCli, ProbaIsForLogisticModels) {
  const std::string model = file("lasso.regkit");
  ASSERT_EQ(run_cli("fit --data " + ref("seed002_ridge.csv") + " --target y --model lasso --lambda 0.1 --out " + model)
                .status,
            0);
  const CliRun r = run_cli("predict " + model + " --data " + ref("seed002_ridge.csv") + " --target y --proba");
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(r.says("--proba applies to logistic models")) << r.output;
}

}  // namespace
