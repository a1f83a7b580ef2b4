#pragma once
// Runs a program (no shell) and collects its exit status and output: how
// risk-admin drives systemctl on Linux.
#include <string>
#include <vector>

#include "core/result.hpp"

namespace risk::platform {

struct CommandResult {
  int exit_code = -1;  // -1: killed by a signal
  std::string output;  // stdout and stderr together
};

// argv[0] is looked up in PATH. An error only when it cannot be started.
Result<CommandResult> run_command(const std::vector<std::string>& argv);

}  // namespace risk::platform
