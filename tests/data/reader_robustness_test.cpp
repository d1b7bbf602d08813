// Mutated inputs: every reader either returns a dataset or throws DataError, never
// anything else (a crash, std::bad_alloc, an unrelated exception). A small, seeded
// stand-in for the fuzz targets; run it under ASan/UBSan to catch memory errors.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>

#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"
#include "support/temp_dir.hpp"

namespace regkit::data {
namespace {

std::string mutate(const std::string& input, std::mt19937_64& engine) {
  std::string out = input;
  const auto pick = [&](std::size_t bound) { return static_cast<std::size_t>(engine() % (bound + 1)); };
  static const std::string tokens[] = {":", ",", "\"", "\n", "\r\n", "e+308", "nan", "-", "#",
                                       "qid:", "\x93NUMPY", std::string("\x1f\x8b", 2), "(", "'",
                                       std::string(1, '\0'), "99999999999"};
  const int edits = 1 + static_cast<int>(engine() % 4);
  for (int e = 0; e < edits; ++e) {
    switch (engine() % 5) {
      case 0:  // flip a byte
        if (!out.empty()) out[pick(out.size() - 1)] ^= static_cast<char>(1 + engine() % 255);
        break;
      case 1:  // truncate
        out.resize(pick(out.size()));
        break;
      case 2:  // insert a token
        out.insert(pick(out.size()), tokens[engine() % std::size(tokens)]);
        break;
      case 3:  // delete a span
        if (!out.empty()) {
          const std::size_t at = pick(out.size() - 1);
          out.erase(at, pick(8));
        }
        break;
      default:  // duplicate a span
        if (!out.empty()) {
          const std::size_t at = pick(out.size() - 1);
          out.insert(pick(out.size()), out.substr(at, pick(16)));
        }
    }
  }
  return out;
}

std::string gzip_bytes(const test::TempDir& dir, const std::string& content) {
  const std::string path = dir.file("gz.tmp");
  gzFile out = gzopen(path.c_str(), "wb");
  gzwrite(out, content.data(), static_cast<unsigned>(content.size()));
  gzclose(out);
  return test::TempDir::read(path);
}

// REGKIT_FUZZ_ROUNDS=N in the environment runs N mutations per format instead of 400.
int rounds_from_environment(int fallback) {
  const char* text = std::getenv("REGKIT_FUZZ_ROUNDS");
  return text != nullptr && std::atoi(text) > 0 ? std::atoi(text) : fallback;
}

void expect_only_data_errors(const std::string& valid, const std::function<void(const std::string&)>& read,
                             const test::TempDir& dir, const char* name, int default_rounds) {
  const int rounds = rounds_from_environment(default_rounds);
  const std::string path = dir.file(name);
  dir.write(name, valid);
  ASSERT_NO_THROW(read(path)) << "the unmutated " << name << " must be valid";
  std::mt19937_64 engine(12345);
  int errors = 0;
  for (int round = 0; round < rounds; ++round) {
    const std::string input = mutate(valid, engine);
    // A new file each round: rewriting one file in place makes ext4 flush it to disk.
    const std::string mutated = dir.write(std::to_string(round) + "_" + name, input);
    try {
      read(mutated);
    } catch (const DataError&) {
      ++errors;
    } catch (const std::exception& other) {
      ADD_FAILURE() << name << " round " << round << ": unexpected exception: " << other.what();
    }
    std::remove(mutated.c_str());
  }
  EXPECT_GT(errors, 0) << "mutations of " << name << " never produced an error";
}

TEST(ReaderRobustness, MutatedFilesGiveDatasetsOrDataErrors) {
  test::TempDir dir;
  ReadLimits limits;
  limits.max_bytes = 1 << 24;  // a mutated header must not make us allocate more

  expect_only_data_errors("a,b,\"c,d\",y\n1,2.5,-3e2,0\n4,5,6,1\n+7, 8 ,9,\"0\"\r\n",
                          [&](const std::string& p) {
                            CsvOptions options;
                            options.target = "y";
                            options.limits = limits;
                            read_csv(p, options);
                          },
                          dir, "m.csv", 400);
  expect_only_data_errors("# c\n1 1:0.5 3:-2\n-1 2:1e3 4:0 # x\n2.5\n0 1:7 4:8\n",
                          [&](const std::string& p) {
                            LibsvmOptions options;
                            options.limits = limits;
                            read_libsvm(p, options);
                          },
                          dir, "m.svm", 400);
  Matrix m(3, 2);
  m << 1, 2, 3, 4, 5, 6;
  write_npy(dir.file("valid.npy"), m);
  expect_only_data_errors(test::TempDir::read(dir.file("valid.npy")),
                          [&](const std::string& p) { read_npy(p, limits); }, dir, "m.npy", 400);
  std::string idx{'\0', '\0', '\x08', '\x02', '\0', '\0', '\0', '\x03', '\0', '\0', '\0', '\x04'};
  for (int i = 0; i < 12; ++i) idx += static_cast<char>(i * 20);
  expect_only_data_errors(idx, [&](const std::string& p) { read_idx(p, limits); }, dir, "m-ubyte", 400);
  expect_only_data_errors(gzip_bytes(dir, idx), [&](const std::string& p) { read_idx(p, limits); }, dir,
                          "m-ubyte.gz", 400);
}

}  // namespace
}  // namespace regkit::data
