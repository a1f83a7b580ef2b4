// What every platform's service control shares.
#include "service/service_control.hpp"

namespace risk::service {

const char* state_name(State s) {
  switch (s) {
    case State::NotInstalled:
      return "NOT_INSTALLED";
    case State::Stopped:
      return "STOPPED";
    case State::Starting:
      return "START_PENDING";
    case State::Stopping:
      return "STOP_PENDING";
    case State::Running:
      return "RUNNING";
    case State::Paused:
      return "PAUSED";
    case State::Unknown:
      break;
  }
  return "UNKNOWN";
}

}  // namespace risk::service
