#include "regkit/core/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "regkit/core/errors.hpp"
#include "support/expect_error.hpp"
#include "support/temp_dir.hpp"

namespace regkit {
namespace {

int count_entries(const std::string& directory) {
  int count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) ++count;
  return count;
}

TEST(AtomicFile, WritesBytesAndLeavesNoTemporaryFile) {
  test::TempDir dir;
  const std::string path = dir.file("model.bin");
  const std::string bytes("abc\0def", 7);
  write_file_atomic(path, std::string_view(bytes));
  EXPECT_EQ(test::TempDir::read(path), bytes);
  EXPECT_EQ(count_entries(dir.path()), 1);
}

TEST(AtomicFile, StreamWriterReplacesAnExistingFile) {
  test::TempDir dir;
  const std::string path = dir.write("out.txt", "old content");
  std::string big(200000, 'x');  // larger than the stream buffer
  write_file_atomic(path, [&](std::ostream& out) { out << "new " << 42 << '\n' << big; });
  EXPECT_EQ(test::TempDir::read(path), "new 42\n" + big);
  EXPECT_EQ(count_entries(dir.path()), 1);
}

TEST(AtomicFile, MissingDirectoryIsAnErrorNamingPathAndErrno) {
  test::TempDir dir;
  const std::string path = dir.file("no/such/dir/out.bin");
  REGKIT_EXPECT_ERROR(write_file_atomic(path, std::string_view("x")), DataError, path);
  REGKIT_EXPECT_ERROR(write_file_atomic(path, std::string_view("x")), DataError,
                      "No such file or directory");
}

TEST(AtomicFile, FailingWriterKeepsTheOldFileAndRemovesTheTemporary) {
  test::TempDir dir;
  const std::string path = dir.write("out.txt", "old content");
  EXPECT_THROW(write_file_atomic(path,
                                 [](std::ostream& out) {
                                   out << "partial";
                                   throw std::runtime_error("writer failed");
                                 }),
               std::runtime_error);
  EXPECT_EQ(test::TempDir::read(path), "old content");
  EXPECT_EQ(count_entries(dir.path()), 1);
}

TEST(AtomicFile, ReadOnlyDirectoryIsAnErrorAndNothingIsWritten) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  test::TempDir dir;
  const std::string path = dir.write("out.txt", "old content");
  ::chmod(dir.path().c_str(), 0555);
  REGKIT_EXPECT_ERROR(write_file_atomic(path, std::string_view("new")), DataError,
                      "Permission denied");
  ::chmod(dir.path().c_str(), 0755);
  EXPECT_EQ(test::TempDir::read(path), "old content");
  EXPECT_EQ(count_entries(dir.path()), 1);
}

}  // namespace
}  // namespace regkit
