#include "platform/service_notify.hpp"

#if defined(RISK_HAVE_SYSTEMD)
#include <string>

#include <systemd/sd-daemon.h>
#endif

namespace risk::platform {

#if defined(RISK_HAVE_SYSTEMD)
void notify_ready() { sd_notify(0, "READY=1\nSTATUS=monitoring"); }
void notify_stopping() { sd_notify(0, "STOPPING=1"); }
void notify_status(const char* status) { sd_notify(0, (std::string("STATUS=") + status).c_str()); }
#else
void notify_ready() {}
void notify_stopping() {}
void notify_status(const char*) {}
#endif

}  // namespace risk::platform
