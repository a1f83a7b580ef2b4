#pragma once
// Windows details of the RiskManagerDaemon service (service_control_win.cpp),
// shared with risk-service-ctl.exe (its test driver). risk-admin uses only
// service_control.hpp.
#include <string>

#include "service/service_control.hpp"

namespace risk::service::windows {

inline constexpr const char* kDisplayName = "Risk Manager Daemon";
inline constexpr const char* kDescription =
    "Real-time risk manager for ProjectX Gateway (TopstepX) accounts: enforces the trader's risk rules. "
    "Only administrators may stop or reconfigure it.";
// The account the service runs as: least privilege; the installer grants it
// access to the configuration, data and log directories.
inline constexpr const char* kAccount = "NT AUTHORITY\\LocalService";

// Who may do what to the service: SYSTEM and Administrators everything
// (start, stop, pause, change, delete, user-defined controls such as reload);
// interactive and authenticated users only query configuration and status
// and interrogate it.
//   CC query config, LC query status, SW enumerate dependents, LO interrogate,
//   RC read control, RP start, WP stop, DT pause/continue, CR user-defined
//   control, DC change config, SD delete, WD/WO change permissions/owner.
inline constexpr const char* kServiceSddl =
    "D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;BA)(A;;CCLCSWLORC;;;IU)(A;;CCLCSWLORC;;;AU)";

// Directories: configuration (API keys) readable by the service account,
// SYSTEM and Administrators only; data and logs writable by the service and
// readable by users (the trader's dashboard and `risk-trader status`).
inline constexpr const char* kConfigDirSddl = "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FR;;;LS)";
inline constexpr const char* kDataDirSddl = "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;LS)(A;OICI;FR;;;BU)";

// Restart on failure: 3 restarts 5 s apart; the failure count resets after a
// day. Also applied when the daemon stops itself with a non-zero status (a hub
// down for too long ends it with 1 so that it is restarted afresh).
inline constexpr unsigned long kRestartDelayMs = 5000;
inline constexpr unsigned long kRestartCount = 3;
inline constexpr unsigned long kFailureResetSeconds = 86400;

// The service as the SCM stores it, one "key: value" per line: command line,
// start type, account, description, failure actions, the non-crash-failure
// flag and the security descriptor (SDDL). For tests and diagnostics.
Result describe(const std::string& name);

// The service's command line for `options` (empty directories: the defaults
// under %ProgramData%\RiskManager).
std::wstring command_line(const InstallOptions& options);

}  // namespace risk::service::windows
