// regkit compare / sweep on a small built-in problem: every file of the report, PNG
// sizes, the numbers of summary.md / index.html equal to the history, shared initial
// weights.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "regkit/nn/nn.hpp"
#include "support/png.hpp"

namespace {

int run(const std::string& args, std::string* output = nullptr) {
  const std::string command = std::string(REGKIT_CLI_PATH) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buffer{};
  std::string out;
  while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe)) out += buffer.data();
  const int status = pclose(pipe);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string f4(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4f", v);
  return b;
}

class CompareCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string(REGKIT_CLI_PATH).empty()) GTEST_SKIP() << "the CLI is not built";
  }
};

TEST_F(CompareCli, WritesTheWholeReportWithTheHistoryNumbers) {
  const std::string dir = ::testing::TempDir() + "/regkit_compare_cli";
  std::filesystem::remove_all(dir);
  std::string out;
  ASSERT_EQ(run("compare " + dir + " --dataset synthetic-sparse --epochs 4 --seed 7 --threads 1 "
                "--run none --run l1:kernel-l1=1e-2 --run prox:proximal-l1=1e-2",
                &out),
            0)
      << out;
  for (const char* f : {"index.html", "summary.md", "curves.png", "sparsity.png", "weights_dense_1.png",
                        "weights_dense_2.png", "heatmap_dense_1.png", "history.csv", "history.json",
                        "models/none.regkit", "models/l1.regkit", "models/prox.regkit"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + f)) << f;
  EXPECT_EQ(regkit::test::png_size(dir + "/curves.png"), std::make_pair(1500, 600));
  EXPECT_EQ(regkit::test::png_size(dir + "/heatmap_dense_1.png"), std::make_pair(1680, 520));
  const auto history = nlohmann::json::parse(slurp(dir + "/history.json"));
  const std::string md = slurp(dir + "/summary.md"), html = slurp(dir + "/index.html");
  for (const char* name : {"none", "l1", "prox"}) {
    const auto& h = history[name];
    ASSERT_EQ(h["history"]["loss"].size(), 4u) << name;
    const std::string val = f4(h["history"]["val_accuracy"].back().get<double>());
    EXPECT_NE(md.find("| " + val + " |"), std::string::npos) << name << " " << val;
    EXPECT_NE(html.find("<td>" + val + "</td>"), std::string::npos) << name << " " << val;
  }
  // Proximal L1 gives exact zeros; plain L1 (a subgradient) does not.
  EXPECT_GT(history["prox"]["kernels"][0]["fraction_zero"].get<double>(), 0.0);
  EXPECT_EQ(history["none"]["kernels"][0]["fraction_zero"].get<double>(), 0.0);
  // The saved models are the trained ones: their first kernels' norms equal the report's.
  for (const char* name : {"none", "prox"}) {
    auto model = regkit::nn::Sequential::load(dir + "/models/" + std::string(name) + ".regkit");
    const auto p = model.parameters()[0];
    double norm = 0;
    for (regkit::Index i = 0; i < p.size; ++i) norm += static_cast<double>(p.value[i]) * p.value[i];
    EXPECT_NEAR(std::sqrt(norm), history[name]["kernels"][0]["norm"].get<double>(), 1e-4);
  }
}

TEST_F(CompareCli, RunsStartFromIdenticalInitialWeights) {
  // A learning rate of 1e-30 leaves float weights unchanged: the saved models hold the
  // initial weights, which must be identical whatever the penalty.
  const std::string dir = ::testing::TempDir() + "/regkit_compare_init";
  std::filesystem::remove_all(dir);
  std::string out;
  ASSERT_EQ(run("compare " + dir + " --dataset synthetic-sparse --epochs 1 --optimizer sgd --lr 1e-30 --seed 3 --threads 1 "
                "--run a --run b:kernel-l2=0.5",
                &out),
            0)
      << out;
  auto a = regkit::nn::Sequential::load(dir + "/models/a.regkit");
  auto b = regkit::nn::Sequential::load(dir + "/models/b.regkit");
  const auto pa = a.parameters(), pb = b.parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t k = 0; k < pa.size(); ++k)
    for (regkit::Index i = 0; i < pa[k].size; ++i) ASSERT_EQ(pa[k].value[i], pb[k].value[i]) << pa[k].name;
}

TEST_F(CompareCli, BadRunSpecsAreNamedErrors) {
  std::string out;
  EXPECT_NE(run("compare /tmp/x --dataset xor --run bad:frobnicate=3", &out), 0);
  EXPECT_NE(out.find("frobnicate"), std::string::npos) << out;
  EXPECT_NE(run("compare /tmp/x --dataset xor --run s:seed=3", &out), 0);
  EXPECT_NE(out.find("shared by every run"), std::string::npos) << out;
  EXPECT_NE(run("compare /tmp/x --dataset xor --run a --run a:lr=1", &out), 0);
  EXPECT_NE(out.find("used twice"), std::string::npos) << out;
}

TEST_F(CompareCli, SweepWithCrossValidationWritesItsReport) {
  const std::string dir = ::testing::TempDir() + "/regkit_sweep_cli";
  std::filesystem::remove_all(dir);
  std::string out;
  ASSERT_EQ(run("sweep " + dir + " --dataset synthetic-sparse --epochs 3 --threads 1 --penalty kernel-l1 "
                "--lambdas 0,1e-3,1e-1 --folds 3",
                &out),
            0)
      << out;
  for (const char* f : {"index.html", "summary.md", "sweep.png", "curves.png", "history.json"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + f)) << f;
  EXPECT_EQ(regkit::test::png_size(dir + "/sweep.png"), std::make_pair(1800, 560));
  const std::string md = slurp(dir + "/summary.md");
  EXPECT_NE(md.find("best"), std::string::npos);
  EXPECT_NE(md.find("1-SE"), std::string::npos);
  EXPECT_NE(md.find("3-fold cross-validation"), std::string::npos);
}

}  // namespace
