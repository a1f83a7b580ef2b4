#pragma once
// A scripted trader for the demo: it trades through the public REST API and
// reads quotes from the market hub, as a trading platform would, and behaves
// badly on purpose: it overtrades (many quick round trips, sizes growing
// after losses) and holds losers (closes winners at once, sits on losing
// positions and adds to them).
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace risk::sim {

struct TraderOptions {
  std::string base_url = "https://127.0.0.1:8443";  // REST; the hubs are on the same origin
  std::string ca_file;                              // the simulator's cert.pem
  std::string user_name = "trader";
  std::string api_key = "sim-api-key";
  std::optional<std::int64_t> account_id;  // first account when empty
  std::string contract_id = "CON.F.US.MNQ.Z26";
  int actions = 60;  // decisions before stopping (0 = forever)
  std::chrono::milliseconds interval{1000};
  std::uint64_t seed = 7;
};

// Returns 0 when the script ran to its end.
int run_scripted_trader(const TraderOptions& options, std::ostream& log);

}  // namespace risk::sim
