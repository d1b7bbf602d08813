// REGKIT_EXPECT_ERROR(statement, Type, "substring"): the statement throws Type (or a
// subclass) and its message contains the substring.
#pragma once

#include <gtest/gtest.h>

#include <string>

#define REGKIT_EXPECT_ERROR(statement, ErrorType, substring)                                  \
  do {                                                                                        \
    bool regkit_thrown_ = false;                                                              \
    try {                                                                                     \
      statement;                                                                              \
    } catch (const ErrorType& regkit_error_) {                                                \
      regkit_thrown_ = true;                                                                  \
      EXPECT_NE(std::string(regkit_error_.what()).find(substring), std::string::npos)         \
          << "message was: " << regkit_error_.what();                                         \
    }                                                                                         \
    EXPECT_TRUE(regkit_thrown_) << "expected " #ErrorType " from: " #statement;               \
  } while (false)
