#pragma once
// Tells the service manager how the daemon is doing: sd_notify on Linux
// (Type=notify units), nothing elsewhere (the Windows service reports to the
// SCM itself).
namespace risk::platform {

void notify_ready();
void notify_stopping();
void notify_status(const char* status);

}  // namespace risk::platform
