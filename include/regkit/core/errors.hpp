// regkit error types. Every message names the place, the quantity, what was found and
// what was expected, e.g. "train.csv:17: expected 21 fields as in the header, found 20".
//
//   InvalidArgument  bad option or shape          (std::invalid_argument -> Python ValueError)
//   DataError        a file or record is wrong    (std::invalid_argument -> Python ValueError)
//   NumericalError   divergence, NaN/inf reached  (std::runtime_error)
//   NotFitted        a model used before fit      (std::logic_error)
#pragma once

#include <stdexcept>
#include <string>

namespace regkit {

class InvalidArgument : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class DataError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class NumericalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class NotFitted : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace regkit
