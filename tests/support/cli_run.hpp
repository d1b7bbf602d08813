// Runs the regkit binary (REGKIT_CLI_PATH) with arguments; collects stdout and stderr
// together and the exit status.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace regkit::test {

struct CliRun {
  int status = -1;
  std::string output;  // stdout and stderr together
  bool says(const std::string& text) const { return output.find(text) != std::string::npos; }
};

inline CliRun run_cli(const std::string& args) {
  const std::string command = std::string(REGKIT_CLI_PATH) + " " + args + " 2>&1";
  CliRun r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buffer{};
  while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe)) r.output += buffer.data();
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace regkit::test
