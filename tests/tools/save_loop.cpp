// regkit_save_loop PATH [once]: saves linear models to PATH in an endless loop (model k
// holds the value k in every coefficient, intercept and lambda, 96 KB per file), for the
// crash test in tests/core/durable_write_test.cpp, which SIGKILLs it at random moments.
// Writes one byte to stdout after its first save, so the test can aim its kills at the
// saves that follow rather than at process start-up or the first save's one-time costs
// (under the sanitizers on a VM whose page faults are slow, a 0-4 ms kill delay counted
// from start-up landed inside a save 1 time in 200). With "once": one save, then exit.
#include <unistd.h>

#include <cstring>
#include <string>

#include "regkit/linear/linear_model.hpp"

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const std::string path = argv[1];
  const bool once = argc > 2 && std::strcmp(argv[2], "once") == 0;
  regkit::linear::LinearModel model;
  model.model = "ridge";
  model.coefs.resize(400, 30);
  model.lambdas.resize(30);
  model.intercepts.resize(30);
  bool signalled = once;
  for (long k = static_cast<long>(::getpid()) * 1000;; ++k) {
    const double v = static_cast<double>(k);
    model.coefs.setConstant(v);
    model.lambdas.setConstant(v);
    model.intercepts.setConstant(v);
    regkit::linear::save_linear_model(path, model);
    if (once) return 0;
    if (!signalled) {
      if (::write(1, "r", 1) != 1) return 3;
      signalled = true;
    }
  }
}
