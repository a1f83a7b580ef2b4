#pragma once
// Reading secrets (passwords, API keys) without echoing them, from the
// terminal or from a file descriptor a script passed (--password-fd N), never
// from the command line.
#include <optional>
#include <string>

namespace risk::platform {

// Prompts on the controlling terminal with echo off and reads one line.
// nullopt when there is no terminal (or it was closed).
std::optional<std::string> read_secret(const std::string& prompt);

// Reads one line (without its line break) from file descriptor `fd`; nullopt at end of input.
std::optional<std::string> read_line_fd(int fd);

// True when standard input is a terminal.
bool stdin_is_terminal();

}  // namespace risk::platform
