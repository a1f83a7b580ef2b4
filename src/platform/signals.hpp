#pragma once
// Stop and reload requests from the operating system to a console-mode daemon.
// POSIX: SIGTERM/SIGINT stop, SIGHUP reloads, taken by one thread (sigwait);
// SIGPIPE is ignored. Windows: Ctrl+C, Ctrl+Break, closing the console, logoff
// and shutdown stop (there is no SIGHUP: the service's reload is a service
// control code, see windows_service.hpp).
#include <functional>

namespace risk::platform {

// Call first in main(), before any thread starts: on POSIX the blocked signal
// mask is inherited by every thread created afterwards, so only the watcher
// thread ever receives them.
void block_stop_signals();

// Starts delivering requests: `stop` once (the watcher ends after it),
// `reload` any number of times. Both are called from another thread.
void watch_stop_signals(std::function<void()> stop, std::function<void()> reload);

}  // namespace risk::platform
