// risk-config-check: validates accounts.yaml and risk_config.yaml exactly as
// the daemon does at startup and prints every problem. Exit 0 when the
// configuration would load (warnings allowed), 1 when it has errors, 2 on bad
// usage. The admin tooling and the demo script run it before starting or
// reloading the daemon; it never prints an API key.
#include <cstring>
#include <iostream>
#include <string_view>

#include "config/loader.hpp"

int main(int argc, char** argv) {
  risk::config::LoadOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--accounts") {
      const char* v = value();
      if (v == nullptr) return 2;
      options.accounts_file = v;
    } else if (arg == "--risk-config") {
      const char* v = value();
      if (v == nullptr) return 2;
      options.risk_config_file = v;
    } else if (arg == "--allow-insecure-config") {
      options.allow_insecure_permissions = true;
    } else {
      std::cerr << "usage: risk-config-check [--accounts PATH] [--risk-config PATH] [--allow-insecure-config]\n"
                   "  defaults: config/accounts.yaml, config/risk_config.yaml\n";
      return 2;
    }
  }
  const auto result = risk::config::load_config(options);
  std::cerr << result.report();
  if (!result.ok()) return 1;
  const auto& c = *result.config;
  std::cout << "configuration OK: " << c.settings->accounts.size() << " account(s), " << c.logins().size()
            << " login(s), gateway " << c.gateway.rest_base_url << ", event server " << c.event_server.address()
            << "\n";
  return 0;
}
