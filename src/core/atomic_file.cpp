#include "regkit/core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "regkit/core/errors.hpp"

namespace regkit {

namespace {

std::atomic<unsigned long> temp_counter{0};

std::string errno_text() { return std::strerror(errno); }

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw DataError(path + ": cannot write: " + what);
}

void write_all(int fd, const char* data, std::size_t size, const std::string& temp,
               const std::string& path) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      const std::string why = errno_text();
      ::close(fd);
      ::unlink(temp.c_str());
      fail(path, why);
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
}

void fsync_directory(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;  // some filesystems do not allow it; the rename is still atomic
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_atomic(const std::string& path, std::string_view bytes) {
  if (path.empty()) throw DataError("write_file_atomic: empty output path");
  const std::string temp = path + ".tmp." + std::to_string(::getpid()) + "." +
                           std::to_string(temp_counter.fetch_add(1));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, errno_text());
  write_all(fd, bytes.data(), bytes.size(), temp, path);
  if (::fsync(fd) != 0) {
    const std::string why = errno_text();
    ::close(fd);
    ::unlink(temp.c_str());
    fail(path, "fsync: " + why);
  }
  if (::close(fd) != 0) {
    const std::string why = errno_text();
    ::unlink(temp.c_str());
    fail(path, "close: " + why);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string why = errno_text();
    ::unlink(temp.c_str());
    fail(path, "rename: " + why);
  }
  fsync_directory(path);
}

void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::ostringstream buffer;
  write(buffer);
  if (!buffer) throw DataError(path + ": cannot write: formatting the content failed");
  const std::string bytes = std::move(buffer).str();
  write_file_atomic(path, std::string_view(bytes));
}

}  // namespace regkit
