// regkit train / evaluate / predict on tiny problems: the binary runs, prints a line per
// epoch, writes the model and the history, and predict / evaluate read the model back.
// Skipped when the CLI is not built (REGKIT_CLI_PATH empty); REGKIT_CLI overrides it.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/temp_dir.hpp"

namespace {

std::string cli_path() {
  if (const char* env = std::getenv("REGKIT_CLI")) return env;
  return REGKIT_CLI_PATH;
}

// Runs a command, returns its exit status; stdout + stderr go to `output`.
int run(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(CliTrain, XorTrainsSavesPredictsAndEvaluates) {
  const std::string cli = cli_path();
  if (cli.empty()) GTEST_SKIP() << "regkit CLI not built";
  regkit::test::TempDir dir;
  const std::string model = dir.path() + "/xor.model", history = dir.path() + "/xor.json";
  std::string out;
  ASSERT_EQ(run(cli + " train --dataset xor --epochs 300 --lr 0.05 --seed 3 --out " + model + " --history " + history,
                out),
            0)
      << out;
  EXPECT_NE(out.find("epoch 100/300  loss "), std::string::npos) << out;
  EXPECT_NE(out.find("epoch 300/300"), std::string::npos) << out;
  ASSERT_TRUE(std::filesystem::exists(model));
  std::ifstream h(history);
  const nlohmann::json j = nlohmann::json::parse(h);
  EXPECT_EQ(j["loss"].size(), 300u);
  EXPECT_LT(j["loss"].back().get<double>(), j["loss"].front().get<double>());

  {
    std::ofstream csv(dir.path() + "/xor.csv");
    csv << "a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n";
  }
  ASSERT_EQ(run(cli + " predict " + model + " --data " + dir.path() + "/xor.csv --target y --out " + dir.path() +
                    "/pred.csv",
                out),
            0)
      << out;
  std::ifstream pred(dir.path() + "/pred.csv");
  std::string header;
  std::getline(pred, header);
  EXPECT_EQ(header, "output_0");
  int rows = 0;
  for (std::string line; std::getline(pred, line);) ++rows;
  EXPECT_EQ(rows, 4);
  ASSERT_EQ(run(cli + " evaluate " + model + " --data " + dir.path() + "/xor.csv --target y", out), 0) << out;
  EXPECT_NE(out.find("accuracy "), std::string::npos) << out;
}

TEST(CliTrain, BadOptionsAreErrorsNamingThem) {
  const std::string cli = cli_path();
  if (cli.empty()) GTEST_SKIP() << "regkit CLI not built";
  std::string out;
  EXPECT_NE(run(cli + " train --dataset fashion-mnist --fashion-dir /nonexistent/dir --epochs 1", out), 0);
  EXPECT_NE(out.find("dataset-fashion-mnist"), std::string::npos) << out;
  EXPECT_NE(run(cli + " train --dataset xor --optimizer adam --momentum 0.9", out), 0);
  EXPECT_NE(out.find("momentum"), std::string::npos) << out;
}

}  // namespace

// --checkpoint DIR / --resume: 4 epochs in one go vs 2 epochs, a new process resuming
// to 4: the two model files are byte-identical (weights bit-identical), and so are
// the losses in the histories. Adam, dropout-free MLP on a small CSV file, 2 threads.
TEST(CliTrain, CheckpointAndResumeGiveTheSameModelFileAsOneRun) {
  const std::string cli = cli_path();
  if (cli.empty()) GTEST_SKIP() << "regkit CLI not built";
  regkit::test::TempDir dir;
  {
    std::ofstream csv(dir.path() + "/small.csv");
    csv << "a,b,c,y\n";
    for (int i = 0; i < 120; ++i) {
      const double a = (i % 7) / 7.0, b = (i % 11) / 11.0, c = (i % 5) / 5.0;
      csv << a << "," << b << "," << c << "," << ((a + b > 0.9) ? 1 : 0) + (c > 0.5 ? 1 : 0) << "\n";
    }
  }
  const std::string common = cli + " train --data " + dir.path() + "/small.csv --target y --layers 8,4 " +
                             "--optimizer adam --lr 0.01 --batch-size 16 --seed 9 --threads 2";
  std::string out;
  ASSERT_EQ(run(common + " --epochs 4 --out " + dir.path() + "/straight.regkit --history " + dir.path() + "/h1.json",
                out),
            0)
      << out;
  ASSERT_EQ(run(common + " --epochs 2 --checkpoint " + dir.path() + "/ck", out), 0) << out;
  ASSERT_TRUE(std::filesystem::exists(dir.path() + "/ck/checkpoint.regkit"));
  ASSERT_EQ(run(common + " --epochs 4 --checkpoint " + dir.path() + "/ck --resume --out " + dir.path() +
                    "/resumed.regkit --history " + dir.path() + "/h2.json",
                out),
            0)
      << out;
  EXPECT_NE(out.find("resuming from"), std::string::npos) << out;
  EXPECT_EQ(out.find("epoch 1/4"), std::string::npos) << "epochs 1-2 ran again:\n" << out;
  EXPECT_NE(out.find("epoch 3/4"), std::string::npos) << out;
  EXPECT_EQ(regkit::test::TempDir::read(dir.path() + "/resumed.regkit"),
            regkit::test::TempDir::read(dir.path() + "/straight.regkit"));
  std::ifstream h1(dir.path() + "/h1.json"), h2(dir.path() + "/h2.json");
  const nlohmann::json j1 = nlohmann::json::parse(h1), j2 = nlohmann::json::parse(h2);
  EXPECT_EQ(j1["loss"], j2["loss"]);
  EXPECT_EQ(j1["accuracy"], j2["accuracy"]);
  // A checkpoint from other options is refused with the setting named.
  std::string other = common;
  other.replace(other.find("--batch-size 16"), 15, "--batch-size 8");
  EXPECT_NE(run(other + " --epochs 6 --checkpoint " + dir.path() + "/ck --resume", out), 0);
  EXPECT_NE(out.find("batch_size 16; this fit has 8"), std::string::npos) << out;
  EXPECT_NE(run(common + " --epochs 2 --resume", out), 0);
  EXPECT_NE(out.find("--resume needs --checkpoint"), std::string::npos) << out;
}

namespace {

// Ctrl-C mid-training: the run stops after its current batch with exit status 130, writes
// no --out, and leaves the last whole epoch's checkpoint, which a --resume continues.
TEST(CliTrain, SigintStopsCleanlyKeepingTheLastCheckpoint) {
  if (cli_path().empty()) GTEST_SKIP() << "the CLI is not built";
  regkit::test::TempDir dir;
  const std::string checkpoint = dir.file("ck"), model = dir.file("m.regkit"), log = dir.file("stderr.txt");
  const std::string train = cli_path() + " train --dataset synthetic-sparse --epochs 100000000 --checkpoint " +
                            checkpoint + " --out " + model;
  // timeout sends SIGINT after 1.5 s and returns the command's own status; the epoch
  // lines go to a file.
  std::string output;
  const int status = run("(timeout --preserve-status -s INT 1.5 " + train + " 2> " + log + ")", output);
  std::string messages = regkit::test::TempDir::read(log);
  EXPECT_EQ(status, 130) << messages.substr(messages.size() > 400 ? messages.size() - 400 : 0);
  EXPECT_NE(messages.find("interrupted at epoch"), std::string::npos);
  EXPECT_NE(messages.find("nothing was written"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(model));
  ASSERT_TRUE(std::filesystem::exists(checkpoint + "/checkpoint.regkit"));
  const int resumed = run("(timeout --preserve-status -s INT 1.5 " + train + " --resume 2> " + log + ")", output);
  messages = regkit::test::TempDir::read(log);
  EXPECT_EQ(resumed, 130);
  EXPECT_NE(messages.find("resuming from"), std::string::npos);
}

}  // namespace
