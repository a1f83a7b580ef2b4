#pragma once
// Where the programs find their files by default. Linux: relative to the
// working directory (the systemd unit sets it; packaging passes explicit
// paths). Windows: under %ProgramData%\RiskManager (config, data, logs), and
// the IANA time zone files (tzdata) beside the executable.
#include <string>

namespace risk::platform {

// The full path of the running executable; empty when it cannot be found.
std::string executable_path();
// Its directory (no trailing separator); empty when unknown.
std::string executable_dir();

// Windows: %ProgramData%\RiskManager (C:\ProgramData\RiskManager when the
// variable is unset). Elsewhere: "" (paths stay relative).
std::string program_data_dir();

// The daemon's --config default: "config" on Linux,
// %ProgramData%\RiskManager\config on Windows.
std::string default_config_dir();
// The defaults of --data and --log-dir when the configuration names none
// explicitly: "data"/"logs" on Linux, under %ProgramData%\RiskManager on Windows.
std::string default_data_dir();
std::string default_log_dir();

}  // namespace risk::platform
