#pragma once
// packaging/systemd/risk-daemon.service, embedded at build time (unit_template.cpp is generated).
namespace risk::service {
extern const char* const kUnitTemplate;
}
