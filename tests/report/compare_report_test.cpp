#include "regkit/report/compare_report.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "support/png.hpp"

namespace regkit::report {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<RunRecord> fake_runs() {
  std::mt19937 rng(3);
  std::normal_distribution<float> normal(0.0f, 0.05f);
  std::vector<RunRecord> runs;
  for (int r = 0; r < 3; ++r) {
    RunRecord run;
    run.name = r == 0 ? "none" : r == 1 ? "l2" : "l1";
    run.description = r == 0 ? "" : r == 1 ? "kernel-l2=1e-3" : "kernel-l1=1e-3";
    for (int e = 0; e < 6; ++e) {
      run.history["loss"].push_back(1.0 / (e + 1) + 0.1 * r);
      run.history["accuracy"].push_back(0.7 + 0.03 * e - 0.01 * r);
      run.history["val_loss"].push_back(1.1 / (e + 1) + 0.1 * r);
      run.history["val_accuracy"].push_back(0.68 + 0.03 * e - 0.01 * r);
      run.history["penalty"].push_back(0.01 * r);
      run.history["seconds"].push_back(1.0);
    }
    for (int k = 0; k < 2; ++k) {
      KernelRecord kr;
      kr.layer = "dense_" + std::to_string(k + 1);
      kr.weights = Eigen::MatrixXf(k == 0 ? 20 : 8, k == 0 ? 8 : 2);
      for (Index i = 0; i < kr.weights.size(); ++i) kr.weights.data()[i] = normal(rng) / static_cast<float>(r + 1);
      if (r == 2) kr.weights.topRows(kr.weights.rows() / 2).setZero();
      run.kernels.push_back(kr);
    }
    run.has_test = true;
    run.test_accuracy = 0.8512 - 0.01 * r;
    run.test_loss = 0.4 + 0.05 * r;
    run.train_seconds = 6.0;
    runs.push_back(run);
  }
  return runs;
}

TEST(KernelStats, MatchesHandComputedValues) {
  Eigen::MatrixXf w(2, 2);
  w << 0.0f, 0.005f, -0.5f, 1.0f;
  const KernelStats s = kernel_stats(w);
  EXPECT_NEAR(s.mean, (0.005 - 0.5 + 1.0) / 4, 1e-7);
  EXPECT_NEAR(s.norm, std::sqrt(0.005 * 0.005 + 0.25 + 1.0), 1e-7);
  EXPECT_DOUBLE_EQ(s.below_001, 0.5);
  EXPECT_DOUBLE_EQ(s.exact_zero, 0.25);
}

TEST(Base64, MatchesRfc4648Vectors) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
}

TEST(CompareReport, WritesEveryFileWithTheHistoryNumbers) {
  const std::string dir = ::testing::TempDir() + "/regkit_compare_report";
  std::filesystem::remove_all(dir);
  ReportInfo info;
  info.title = "test report";
  info.dataset = "fake";
  const auto runs = fake_runs();
  const auto files = write_compare_report(dir, info, runs);
  for (const char* f : {"curves.png", "sparsity.png", "weights_dense_1.png", "weights_dense_2.png",
                        "heatmap_dense_1.png", "history.csv", "history.json", "summary.md", "index.html"}) {
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + f)) << f;
    EXPECT_NE(std::find(files.begin(), files.end(), f), files.end()) << f;
  }
  EXPECT_EQ(test::png_size(dir + "/curves.png"), std::make_pair(1500, 600));
  EXPECT_EQ(test::png_size(dir + "/weights_dense_1.png"), std::make_pair(1560, 430));
  const std::string md = slurp(dir + "/summary.md"), html = slurp(dir + "/index.html");
  for (const auto& run : runs) {
    char expected[32];
    std::snprintf(expected, sizeof expected, "%.4f", run.test_accuracy);
    EXPECT_NE(md.find(std::string("| ") + expected + " |"), std::string::npos) << expected;
    EXPECT_NE(html.find(std::string("<td>") + expected + "</td>"), std::string::npos) << expected;
    std::snprintf(expected, sizeof expected, "%.4f", run.history.at("val_accuracy").back());
    EXPECT_NE(md.find(expected), std::string::npos);
  }
  // Every figure is embedded, none linked from disk.
  std::size_t images = 0;
  for (std::size_t at = html.find("data:image/png;base64,"); at != std::string::npos;
       at = html.find("data:image/png;base64,", at + 1))
    ++images;
  EXPECT_EQ(images, 5u);
  EXPECT_EQ(html.find("src=\"curves.png\""), std::string::npos);
  const auto json = nlohmann::json::parse(slurp(dir + "/history.json"));
  EXPECT_EQ(json["l1"]["history"]["val_accuracy"].get<std::vector<double>>(), runs[2].history.at("val_accuracy"));
  EXPECT_DOUBLE_EQ(json["l1"]["kernels"][0]["fraction_zero"].get<double>(), 0.5);
}

TEST(SweepReport, MarksBestAndOneStandardError) {
  SweepResult sweep;
  sweep.penalty = "l1";
  sweep.cross_validated = true;
  sweep.folds = 3;
  const double lambdas[] = {0.0, 1e-4, 1e-3, 1e-2, 1e-1};
  const std::vector<std::vector<double>> acc = {
      {0.80, 0.82, 0.81}, {0.84, 0.85, 0.83}, {0.83, 0.845, 0.835}, {0.80, 0.81, 0.79}, {0.5, 0.52, 0.51}};
  for (int i = 0; i < 5; ++i) {
    SweepPoint pt;
    pt.lambda = lambdas[i];
    pt.val_accuracy = acc[static_cast<std::size_t>(i)];
    pt.val_loss = {0.5, 0.5, 0.5};
    pt.test_accuracy = std::nan("");
    sweep.points.push_back(pt);
  }
  choose_sweep_lambdas(sweep);
  EXPECT_EQ(sweep.best, 1u);     // mean 0.84
  EXPECT_EQ(sweep.one_se, 2u);   // mean 0.8367 >= 0.84 - se(0.00577) = 0.8342
  const std::string dir = ::testing::TempDir() + "/regkit_sweep_report";
  std::filesystem::remove_all(dir);
  write_sweep_report(dir, {}, sweep, {});
  EXPECT_EQ(test::png_size(dir + "/sweep.png"), std::make_pair(1800, 560));
  EXPECT_NE(slurp(dir + "/summary.md").find("best"), std::string::npos);
}

}  // namespace
}  // namespace regkit::report
