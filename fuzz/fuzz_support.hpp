// Shared by the libFuzzer targets: the fuzz input as a file (the readers take paths), and
// the oracle: a reader may only return a value or throw one of regkit's documented error
// types. Anything else (another exception, a crash, a sanitizer report, a timeout, an
// allocation beyond -rss_limit_mb) is a finding.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "regkit/core/errors.hpp"

namespace regkit::fuzz {

// An in-memory file (memfd) reachable by a path, rewritten for every input.
class MemoryFile {
 public:
  explicit MemoryFile(const char* name) {
    fd_ = ::memfd_create(name, MFD_CLOEXEC);
    if (fd_ < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  const std::string& write(const std::uint8_t* data, std::size_t size) {
    if (::ftruncate(fd_, 0) != 0) std::abort();
    std::size_t done = 0;
    while (done < size) {
      const ssize_t got = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (got <= 0) std::abort();
      done += static_cast<std::size_t>(got);
    }
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// Runs `body`; regkit's documented errors are expected outcomes, anything else escapes
// (libFuzzer then reports the uncaught exception as a crash).
template <class Body>
void expect_regkit_errors_only(Body&& body) {
  try {
    body();
  } catch (const regkit::DataError&) {
  } catch (const regkit::InvalidArgument&) {
  } catch (const regkit::NumericalError&) {
  }
}

// A finding that is not a crash by itself: a result that breaks the reader's contract.
[[noreturn]] inline void contract_broken(const char* what) {
  std::fprintf(stderr, "regkit fuzz: contract broken: %s\n", what);
  std::abort();
}

}  // namespace regkit::fuzz
