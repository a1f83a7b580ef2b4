#pragma once
// Tells the service manager how the daemon is doing: sd_notify on Linux
// (Type=notify units); on Windows the service status reported to the SCM
// (service/windows_service.hpp: ready = SERVICE_RUNNING); nothing in console
// mode.
namespace risk::service {

void notify_ready();
void notify_stopping();
void notify_status(const char* status);

}  // namespace risk::service
