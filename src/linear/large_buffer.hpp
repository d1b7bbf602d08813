// Internal: LargeBuffer, a large scratch array on huge-page-advised memory (the logistic
// solvers' float copies of X).
#pragma once

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>

#include <sys/mman.h>

namespace regkit::linear::detail {

// A large scratch array (a float copy of X: tens of MB, made once per fit) on 2 MB
// aligned memory advised for transparent huge pages: first touching it then takes
// 512 times fewer page faults, which otherwise cost as much as the copy itself.
template <class T>
class LargeBuffer {
 public:
  LargeBuffer() = default;
  explicit LargeBuffer(std::size_t count) {
    constexpr std::size_t huge = std::size_t{1} << 21;
    const std::size_t bytes = std::max<std::size_t>(1, count * sizeof(T));
    const std::size_t rounded = (bytes + huge - 1) / huge * huge;
    void* p = std::aligned_alloc(huge, rounded);
    if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    ::madvise(p, rounded, MADV_HUGEPAGE);  // advice only: ignored where THP is off
#endif
    ptr_.reset(static_cast<T*>(p));
  }
  T* get() { return ptr_.get(); }
  const T* get() const { return ptr_.get(); }

 private:
  struct Free {
    void operator()(T* p) const { std::free(p); }
  };
  std::unique_ptr<T, Free> ptr_;
};

}  // namespace regkit::linear::detail
