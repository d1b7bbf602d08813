// write_file_atomic: temp file in the target's directory -> write -> fsync -> rename ->
// fsync(directory). See include/regkit/core/atomic_file.hpp for the contract.
#include "regkit/core/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <streambuf>
#include <system_error>
#include <vector>

#include "regkit/core/errors.hpp"

namespace regkit {

namespace {

std::string errno_text(int error) { return std::generic_category().message(error); }

[[noreturn]] void fail(const std::string& path, const std::string& action, int error) {
  throw DataError("cannot write '" + path + "': " + action + " failed: " + errno_text(error));
}

// Writes every byte or returns the errno of the failing write.
int write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
  return 0;
}

// A buffered stream buffer on a file descriptor that remembers the first write error.
class FdStreamBuf : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd) : fd_(fd), buffer_(std::size_t{1} << 16) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  int error() const { return error_; }
  // Writes out what is buffered; false (with error() set) on failure.
  bool flush_buffer() {
    const auto pending = static_cast<std::size_t>(pptr() - pbase());
    if (pending > 0 && error_ == 0) error_ = write_all(fd_, pbase(), pending);
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return error_ == 0;
  }

 protected:
  int_type overflow(int_type ch) override {
    if (!flush_buffer()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  std::streamsize xsputn(const char* data, std::streamsize count) override {
    if (count >= static_cast<std::streamsize>(buffer_.size())) {
      if (!flush_buffer()) return 0;
      error_ = write_all(fd_, data, static_cast<std::size_t>(count));
      return error_ == 0 ? count : 0;
    }
    return std::streambuf::xsputn(data, count);
  }
  int sync() override { return flush_buffer() ? 0 : -1; }

 private:
  int fd_;
  std::vector<char> buffer_;
  int error_ = 0;
};

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string temp_name(const std::string& path) {
  static std::atomic<unsigned long> counter{0};
  return path + ".tmp." + std::to_string(static_cast<long>(::getpid())) + "." +
         std::to_string(counter.fetch_add(1));
}

// Removes `<path>.tmp.<pid>.<n>` files left by writers that no longer run (killed
// mid-save). Best effort: errors are ignored (the save itself succeeded).
void remove_stale_temps(const std::string& path) {
  const std::string directory = directory_of(path);
  const auto slash = path.find_last_of('/');
  const std::string prefix = (slash == std::string::npos ? path : path.substr(slash + 1)) + ".tmp.";
  DIR* dir = ::opendir(directory.c_str());
  if (dir == nullptr) return;
  const long self = static_cast<long>(::getpid());
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    const auto dot = rest.find('.');
    if (dot == 0 || dot == std::string::npos || rest.find_first_not_of("0123456789.") != std::string::npos) continue;
    const long pid = std::strtol(rest.substr(0, dot).c_str(), nullptr, 10);
    if (pid <= 0 || pid == self) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) ::unlinkat(::dirfd(dir), entry->d_name, 0);
  }
  ::closedir(dir);
}

void fsync_directory(const std::string& path) {
  const std::string directory = directory_of(path);
  const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    // The data is in place; a directory fsync failure is still reported, since the
    // rename may not survive a crash.
    const int rc = ::fsync(dir_fd);
    const int error = errno;
    ::close(dir_fd);
    if (rc != 0 && error != EINVAL) fail(path, "fsync of directory '" + directory + "'", error);
  }
}

// Owns the temporary file until it has been renamed into place.
class TempFile {
 public:
  explicit TempFile(const std::string& path) : path_(path), temp_(temp_name(path)) {
    do {
      fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) fail(path_, "creating the temporary file '" + temp_ + "'", errno);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(temp_.c_str());
  }
  int fd() const { return fd_; }

  // fsync, close, rename over the final path, fsync the directory.
  void commit() {
    if (::fsync(fd_) != 0) fail(path_, "fsync", errno);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(path_, "close", errno);
    if (::rename(temp_.c_str(), path_.c_str()) != 0) fail(path_, "rename", errno);
    committed_ = true;
    fsync_directory(path_);
    remove_stale_temps(path_);
  }

 private:
  std::string path_;
  std::string temp_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace

std::string resolve_output_path(const std::string& path) {
  if (path.empty()) throw DataError("cannot write to an empty file name");
  std::string target = path;
  struct stat link_info {};
  if (::lstat(path.c_str(), &link_info) == 0 && S_ISLNK(link_info.st_mode)) {
    char* resolved = ::realpath(path.c_str(), nullptr);
    if (resolved == nullptr)
      throw DataError("cannot write '" + path + "': it is a symbolic link to a file that does not exist (" +
                      errno_text(errno) + "); give the file itself");
    target = resolved;
    std::free(resolved);
  }
  struct stat info {};
  if (::stat(target.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) throw DataError("cannot write '" + path + "': it is a directory; expected a file name");
    if (!S_ISREG(info.st_mode))
      throw DataError("cannot write '" + path + "': it is not a regular file (a device, FIFO or socket); regkit "
                      "replaces only regular files");
  } else if (errno != ENOENT) {
    throw DataError("cannot write '" + path + "': " + errno_text(errno));
  }
  const std::string directory = directory_of(target);
  struct stat dir_info {};
  if (::stat(directory.c_str(), &dir_info) != 0)
    throw DataError("cannot write '" + path + "': the folder '" + directory + "' does not exist (" +
                    errno_text(errno) + ")");
  if (!S_ISDIR(dir_info.st_mode))
    throw DataError("cannot write '" + path + "': '" + directory + "' is not a folder");
  if (::access(directory.c_str(), W_OK) != 0)
    throw DataError("cannot write '" + path + "': the folder '" + directory + "' is not writable (" +
                    errno_text(errno) + ")");
  return target;
}

void write_file_atomic(const std::string& given, const std::function<void(std::ostream&)>& write) {
  const std::string path = resolve_output_path(given);
  TempFile temp(path);
  FdStreamBuf buffer(temp.fd());
  std::ostream stream(&buffer);
  write(stream);
  stream.flush();
  if (!buffer.flush_buffer() || buffer.error() != 0) fail(path, "write", buffer.error());
  if (!stream) throw DataError("cannot write '" + path + "': the output stream failed");
  temp.commit();
}

void commit_file_atomic(const std::string& temp, const std::string& given) {
  std::string path;
  try {
    path = resolve_output_path(given);
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  int fd = -1;
  do {
    fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(path, "opening the temporary file '" + temp + "'", error);
  }
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) {
    ::unlink(temp.c_str());
    fail(path, "fsync", error);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int rename_error = errno;
    ::unlink(temp.c_str());
    fail(path, "rename", rename_error);
  }
  fsync_directory(path);
}

void write_file_atomic(const std::string& given, std::string_view bytes) {
  const std::string path = resolve_output_path(given);
  TempFile temp(path);
  if (const int error = write_all(temp.fd(), bytes.data(), bytes.size()); error != 0)
    fail(path, "write", error);
  temp.commit();
}

}  // namespace regkit
