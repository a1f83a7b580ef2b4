#include "service/service_notify.hpp"

#if defined(RISK_HAVE_SYSTEMD)
#include <string>

#include <systemd/sd-daemon.h>
#elif defined(_WIN32)
#include "service/windows_service.hpp"
#endif

namespace risk::service {

#if defined(RISK_HAVE_SYSTEMD)
void notify_ready() { sd_notify(0, "READY=1\nSTATUS=monitoring"); }
void notify_stopping() { sd_notify(0, "STOPPING=1"); }
void notify_status(const char* status) { sd_notify(0, (std::string("STATUS=") + status).c_str()); }
#elif defined(_WIN32)
// The SCM has no status text: a status update is progress (a checkpoint) while pending.
void notify_ready() { service_report_running(); }
void notify_stopping() { service_report_stopping(); }
void notify_status(const char*) { service_report_progress(); }
#else
void notify_ready() {}
void notify_stopping() {}
void notify_status(const char*) {}
#endif

}  // namespace risk::service
