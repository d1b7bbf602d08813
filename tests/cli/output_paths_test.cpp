// Outputs of every subcommand are checked before any work, and regkit never replaces
// what is not its own: a symlink keeps being a link (its target gets the content), a
// FIFO or device is refused, an output that is also an input is refused, a wrong
// extension or a missing folder is refused before training (the run ends at once, not
// after the epochs), and in every refusal no file is created or changed.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "support/cli_run.hpp"
#include "support/temp_dir.hpp"

namespace regkit::test {
namespace {

namespace fs = std::filesystem;

class OutputPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string(REGKIT_CLI_PATH).empty()) GTEST_SKIP() << "the CLI is not built";
    data = dir.file("d.csv");
    fs::copy_file(std::string(REGKIT_TEST_REFERENCE_DIR) + "/seed002_ridge.csv", data);
    std::ofstream(dir.file("keep.txt")) << "keep\n";
  }
  // Every file in the folder with its content, to compare before and after a refusal.
  std::map<std::string, std::string> snapshot() const {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::directory_iterator(dir.path()))
      files[e.path().filename().string()] = fs::is_regular_file(fs::symlink_status(e.path())) ? TempDir::read(e.path().string())
                                            : fs::is_symlink(fs::symlink_status(e.path()))    ? "-> " + fs::read_symlink(e.path()).string()
                                                                                              : "(special)";
    return files;
  }
  void expect_refused(const std::string& args, const std::string& message) {
    const auto before = snapshot();
    const CliRun r = run_cli(args);
    EXPECT_EQ(r.status, 1) << args << "\n" << r.output;
    EXPECT_TRUE(r.says(message)) << args << "\n" << r.output;
    EXPECT_FALSE(r.says("epoch 1/")) << "refused after training started: " << args << "\n" << r.output;
    EXPECT_EQ(snapshot(), before) << args;
  }
  std::string fit(const std::string& extra) const {
    return "fit --data " + data + " --target y --model lasso --lambda 0.1 " + extra;
  }
  TempDir dir;
  std::string data;
};

TEST_F(OutputPaths, AnOutputThatIsAnInputIsRefused) {
  expect_refused(fit("--out " + data), "--out " + data + " is also an input");
  expect_refused(fit("--json " + data), "--json " + data + " is also an input");
  expect_refused("path --data " + data + " --target y --model lasso --plot " + dir.file("d.png") + " --json " +
                     dir.file("d.png"),
                 "name the same file");
  // Through a symlink to the data, too.
  fs::create_symlink("d.csv", dir.file("alias.csv"));
  expect_refused(fit("--out " + dir.file("alias.csv")), "is also an input");
  // The model file given to predict.
  ASSERT_EQ(run_cli(fit("--out " + dir.file("m.regkit"))).status, 0);
  expect_refused("predict " + dir.file("m.regkit") + " --data " + data + " --out " + dir.file("m.regkit"),
                 "is also an input");
}

TEST_F(OutputPaths, FifosDirectoriesAndMissingFoldersAreRefused) {
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0644), 0);
  expect_refused(fit("--out " + dir.file("fifo")), "not a regular file");
  expect_refused(fit("--json " + dir.path()), "is a directory");
  expect_refused(fit("--out " + dir.file("no/such/folder.regkit")), "does not exist");
  fs::create_symlink("nowhere.regkit", dir.file("dangling.regkit"));
  expect_refused(fit("--out " + dir.file("dangling.regkit")), "symbolic link to a file that does not exist");
  // A device: refused before anything is opened (as root, replacing /dev/null would
  // replace the system's).
  const CliRun r = run_cli(fit("--out /dev/null"));
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(r.says("not a regular file")) << r.output;
  struct stat info {};
  ASSERT_EQ(::stat("/dev/null", &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode));
}

TEST_F(OutputPaths, ASymlinkStaysALinkAndItsTargetGetsTheModel) {
  fs::create_symlink("keep.txt", dir.file("link.regkit"));
  const CliRun r = run_cli(fit("--out " + dir.file("link.regkit")));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::is_symlink(dir.file("link.regkit")));
  EXPECT_EQ(fs::read_symlink(dir.file("link.regkit")), "keep.txt");
  const CliRun inspect = run_cli("inspect " + dir.file("link.regkit"));
  EXPECT_EQ(inspect.status, 0) << inspect.output;
  EXPECT_NE(TempDir::read(dir.file("keep.txt")), "keep\n");
}

TEST_F(OutputPaths, TrainChecksEveryOutputBeforeTraining) {
  // 100,000 epochs: a refusal after training would time out the test.
  const std::string train = "train --dataset xor --epochs 100000 ";
  expect_refused(train + "--history " + dir.file("h.txt"), "must end in .json or .csv");
  expect_refused(train + "--out " + dir.file("missing/m.regkit"), "does not exist");
  expect_refused(train + "--out " + dir.file("m.regkit") + " --history " + dir.path(), "must end in .json or .csv");
  expect_refused(train + "--checkpoint " + dir.file("keep.txt"), "is not a directory");
  expect_refused("compare " + dir.file("keep.txt") + " --dataset xor --epochs 100000", "is not a folder");
  expect_refused("sweep " + dir.file("keep.txt") + " --dataset xor --epochs 100000", "is not a folder");
  expect_refused("path --data " + data + " --target y --model lasso --plot " + dir.file("p.jpg"), "must end in .png");
}

}  // namespace
}  // namespace regkit::test

namespace regkit::test {
namespace {

// predict takes the model's columns by name from a CSV with a header: another column
// order gives the same predictions (it gave garbage, exit 0); a missing column is named.
TEST(PredictColumns, AreMatchedByNameNotPosition) {
  if (std::string(REGKIT_CLI_PATH).empty()) GTEST_SKIP() << "the CLI is not built";
  TempDir dir;
  const std::string data = std::string(REGKIT_TEST_REFERENCE_DIR) + "/seed002_ridge.csv";
  // Columns x1,x2,x3,y written as y,x3,extra,x1,x2.
  std::ifstream in(data);
  std::ofstream out(dir.file("shuffled.csv")), missing(dir.file("missing.csv"));
  std::string line;
  std::getline(in, line);
  out << "y,x3,extra,x1,x2\n";
  missing << "x1,x3,y\n";
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string x1, x2, x3, y;
    std::getline(fields, x1, ',');
    std::getline(fields, x2, ',');
    std::getline(fields, x3, ',');
    std::getline(fields, y, ',');
    out << y << ',' << x3 << ",7," << x1 << ',' << x2 << '\n';
    missing << x1 << ',' << x3 << ',' << y << '\n';
  }
  out.close();
  missing.close();
  const std::string model_file = dir.file("lasso.regkit");
  ASSERT_EQ(run_cli("fit --model lasso --lambda 0.05 --data " + data + " --target y --out " + model_file).status, 0);
  const CliRun a = run_cli("predict " + model_file + " --data " + data + " --out " + dir.file("a.csv"));
  const CliRun b = run_cli("predict " + model_file + " --data " + dir.file("shuffled.csv") + " --out " + dir.file("b.csv"));
  ASSERT_EQ(a.status, 0) << a.output;
  ASSERT_EQ(b.status, 0) << b.output;
  EXPECT_TRUE(b.says("columns taken by name")) << b.output;
  EXPECT_EQ(TempDir::read(dir.file("a.csv")), TempDir::read(dir.file("b.csv")));
  const CliRun c = run_cli("predict " + model_file + " --data " + dir.file("missing.csv"));
  EXPECT_EQ(c.status, 1);
  EXPECT_TRUE(c.says("has no column 'x2'")) << c.output;
}

}  // namespace
}  // namespace regkit::test
