// Runs the regkit binary on tiny files: options, outputs, exit codes, error messages.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/png.hpp"

namespace {

struct CliRun {
  int status = -1;
  std::string output;  // stdout and stderr together
};

CliRun run(const std::string& args) {
  const std::string command = std::string(REGKIT_CLI_PATH) + " " + args + " 2>&1";
  CliRun r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe)) r.output += buffer.data();
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string dir() {
  static const std::string d = [] {
    const std::string path = ::testing::TempDir() + "/regkit_cli_test";
    std::filesystem::create_directories(path);
    return path;
  }();
  return d;
}

std::string seed002() { return std::string(REGKIT_TEST_REFERENCE_DIR) + "/seed002_ridge.csv"; }

std::string write_text(const std::string& name, const std::string& text) {
  const std::string path = dir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string(REGKIT_CLI_PATH).empty()) GTEST_SKIP() << "the CLI is not built";
  }
};

TEST_F(Cli, HelpListsTheContractOptions) {
  const CliRun r = run("path --help");
  EXPECT_EQ(r.status, 0);
  for (const char* option : {"--model", "--alpha", "--lambdas", "--lambda-count", "--lambda-min-ratio",
                             "--no-standardize", "--no-intercept", "--tol", "--threads", "--data", "--target",
                             "--labels", "--out", "--json", "--plot", "--format"})
    EXPECT_NE(r.output.find(option), std::string::npos) << option;
  const CliRun cv = run("cv --help");
  for (const char* option : {"--folds", "--seed", "--metric"}) EXPECT_NE(cv.output.find(option), std::string::npos);
  EXPECT_NE(run("fit --help").output.find("--lambda"), std::string::npos);
}

TEST_F(Cli, UnknownOptionIsAnErrorNamingIt) {
  const CliRun r = run("fit --data x.csv --lambda 1 --frobnicate 3");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("--frobnicate"), std::string::npos) << r.output;
}

TEST_F(Cli, NegativeLambdaIsRejectedAndNothingIsWritten) {
  const std::string json = dir() + "/negative.json";
  std::filesystem::remove(json);
  const CliRun r = run("fit --data " + seed002() + " --target y --model lasso --lambda -1 --json " + json);
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("--lambda: expected a finite number >= 0; got '-1'"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(json));
}

TEST_F(Cli, MalformedCsvNamesFileAndLine) {
  const std::string csv = write_text("bad.csv", "a,b,y\n1,2,3\n4,5\n");
  const CliRun r = run("fit --data " + csv + " --target y --model lasso --lambda 0.1");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("bad.csv:3"), std::string::npos) << r.output;
}

TEST_F(Cli, RidgeReproducesScikitLearnThroughTheTranslation) {
  // scikit-learn Ridge(alpha=1.0) on n = 100 is lambda = 0.01 without standardization.
  const std::string json = dir() + "/ridge.json";
  const CliRun r = run("fit --data " + seed002() + " --target y --model ridge --lambda 0.01 --no-standardize --json " + json);
  ASSERT_EQ(r.status, 0) << r.output;
  const auto ref = read_json(std::string(REGKIT_TEST_REFERENCE_DIR) + "/sklearn_reference.json");
  const auto got = read_json(json);
  for (int j = 0; j < 3; ++j)
    EXPECT_NEAR(got["coefficients"][0][j].get<double>(), ref["fits"]["ridge"]["coef"][j].get<double>(), 1e-9);
  EXPECT_NEAR(got["intercepts"][0].get<double>(), ref["fits"]["ridge"]["intercept"].get<double>(), 1e-9);
  EXPECT_TRUE(got.contains("fit_seconds"));
}

TEST_F(Cli, PathJsonPlotAndModelAgree) {
  const std::string json = dir() + "/path.json", png = dir() + "/path.png", model = dir() + "/path.regkit";
  const CliRun r = run("path --data " + seed002() + " --target y --model lasso --lambda-count 30 --json " + json +
                    " --plot " + png + " --out " + model);
  ASSERT_EQ(r.status, 0) << r.output;
  const auto got = read_json(json);
  ASSERT_EQ(got["lambdas"].size(), 30u);
  for (const char* key : {"coefficients", "intercepts", "iterations", "duality_gaps", "kkt_violations"})
    EXPECT_EQ(got[key].size(), 30u) << key;
  // Every coefficient is zero at lambda_max and lambdas decrease.
  for (int j = 0; j < 3; ++j) EXPECT_EQ(got["coefficients"][0][j].get<double>(), 0.0);
  for (std::size_t k = 1; k < 30; ++k) EXPECT_LT(got["lambdas"][k].get<double>(), got["lambdas"][k - 1].get<double>());
  for (const auto& v : got["kkt_violations"]) EXPECT_LT(v.get<double>(), 1e-6);
  const auto size = regkit::test::png_size(png);
  EXPECT_GT(size.first, 100);
  // predict at the last lambda equals X * coef + b from the JSON.
  const std::string preds = dir() + "/preds.csv";
  const CliRun p = run("predict " + model + " --data " + seed002() + " --target y --out " + preds);
  ASSERT_EQ(p.status, 0) << p.output;
  std::ifstream in(preds);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "prediction");
  std::ifstream data(seed002());
  std::getline(data, header);
  std::string line;
  const auto& coef = got["coefficients"][29];
  const double b = got["intercepts"][29].get<double>();
  for (int i = 0; i < 5 && std::getline(data, line); ++i) {
    std::stringstream ss(line);
    double x[4];
    char comma;
    ss >> x[0] >> comma >> x[1] >> comma >> x[2] >> comma >> x[3];
    double expected = b;
    for (int j = 0; j < 3; ++j) expected += coef[j].get<double>() * x[j];
    double value = 0;
    in >> value;
    EXPECT_NEAR(value, expected, 1e-12);
  }
}

TEST_F(Cli, CvReportsLambdaMinAndOneStandardError) {
  const std::string json = dir() + "/cv.json", png = dir() + "/cv.png";
  const CliRun r = run("cv --data " + seed002() + " --target y --model elasticnet --alpha 0.5 --folds 5 --seed 3 --json " +
                    json + " --plot " + png);
  ASSERT_EQ(r.status, 0) << r.output;
  const auto got = read_json(json);
  const auto& cv = got["cv"];
  EXPECT_GE(cv["lambda_1se"].get<double>(), cv["lambda_min"].get<double>());
  const auto mean = cv["mean"].get<std::vector<double>>();
  const auto k = cv["index_min"].get<std::size_t>();
  for (double m : mean) EXPECT_GE(m, mean[k]);
  EXPECT_EQ(regkit::test::png_size(png).first, 1500);
  // The same seed gives the same folds.
  const std::string json2 = dir() + "/cv2.json";
  ASSERT_EQ(run("cv --data " + seed002() + " --target y --model elasticnet --alpha 0.5 --folds 5 --seed 3 --json " + json2).status, 0);
  EXPECT_EQ(read_json(json2)["cv"]["fold_ids"], cv["fold_ids"]);
}

TEST_F(Cli, AlphaWithLassoIsAContradiction) {
  const CliRun r = run("fit --data " + seed002() + " --target y --model lasso --alpha 0.5 --lambda 0.1");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("--alpha 0.5 does not apply to --model lasso"), std::string::npos) << r.output;
}

TEST_F(Cli, InspectDescribesModelAndData) {
  const std::string model = dir() + "/inspect.regkit";
  ASSERT_EQ(run("fit --data " + seed002() + " --target y --model lasso --lambda 0.1 --out " + model).status, 0);
  const CliRun m = run("inspect " + model);
  EXPECT_EQ(m.status, 0);
  EXPECT_NE(m.output.find("coefs"), std::string::npos) << m.output;
  const CliRun d = run("inspect " + seed002() + " --target y");
  EXPECT_EQ(d.status, 0);
  EXPECT_NE(d.output.find("samples   100"), std::string::npos) << d.output;
}

}  // namespace
