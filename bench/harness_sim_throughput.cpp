// harness_sim_throughput: how many hub events per second projectx-sim delivers
// to one client. Starts the simulator in-process with TLS, connects one
// market-hub client over WSS (handshake, SubscribeContractQuotes), asks the
// control API for a burst of N price changes and times the arrival of all N
// GatewayQuote records at the client. Every record is checked to be a
// complete 0x1E-terminated GatewayQuote for the contract.
// Prints one JSON line: {"metrics": {"sim_hub_events_per_sec": ..., ...}}.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "net/client.hpp"
#include "sim/json.hpp"
#include "sim/sim_server.hpp"

namespace {

int fail(const std::string& why) {
  std::cerr << "harness_sim_throughput: " << why << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace risk;
  using namespace std::chrono_literals;
  const std::int64_t events = argc > 1 ? std::atoll(argv[1]) : 300'000;
  const std::string contract = "CON.F.US.EP.Z26";

  sim::SimOptions o;
  o.users.push_back(sim::default_user());
  o.accounts.push_back(sim::default_account());
  o.price_interval = 0ms;
  o.rate_limit = 0;
  sim::SimServer server(o);
  auto port = server.start();
  if (!port) return fail(port.error().message);

  net::ClientOptions co;
  co.ca_file = server.cert_file().string();
  net::HttpClient http(server.base_url(), co);
  auto login = http.post_json("/api/Auth/loginKey", R"({"userName":"trader","apiKey":"sim-api-key"})");
  if (!login || login->status != 200) return fail("login failed");
  auto parsed = sim::parse_json(login->body);
  if (!parsed || parsed->find("token") == nullptr) return fail("no token");
  const std::string token = parsed->find("token")->text;

  auto ws = net::WsClient::connect(server.hub_base_url() + "/hubs/market?access_token=" + net::url_encode(token), co);
  if (!ws) return fail(ws.error().message);
  auto& hub = *ws.value();
  (void)hub.send(std::string(R"({"protocol":"json","version":1})") + '\x1e');
  (void)hub.send(R"({"type":1,"invocationId":"1","target":"SubscribeContractQuotes","arguments":[")" + contract +
                 R"("]})" + '\x1e');
  // Handshake reply and completion (possibly in one frame).
  int setup_records = 0;
  std::string frame;
  while (setup_records < 2) {
    if (!hub.read_into(frame, 5s)) return fail("no handshake/completion");
    for (const char c : frame) setup_records += c == '\x1e' ? 1 : 0;
  }

  const std::string expected_prefix = R"({"type":1,"target":"GatewayQuote","arguments":[")" + contract + R"(",{)";
  const auto start = std::chrono::steady_clock::now();
  auto burst =
      http.post_json("/_sim/burst", R"({"contractId":")" + contract + R"(","count":)" + std::to_string(events) + "}");
  if (!burst || burst->status != 200) return fail("burst request failed");
  std::int64_t received = 0;
  std::int64_t frames = 0;
  std::int64_t bytes = 0;
  while (received < events) {
    if (!hub.read_into(frame, 10s)) return fail("stream stopped after " + std::to_string(received) + " events");
    ++frames;
    bytes += static_cast<std::int64_t>(frame.size());
    std::size_t pos = 0;
    while (pos < frame.size()) {
      const auto end = frame.find('\x1e', pos);
      if (end == std::string::npos) return fail("a record without its 0x1E terminator");
      const std::string_view record(frame.data() + pos, end - pos);
      if (record == R"({"type":6})") {
        pos = end + 1;
        continue;
      }
      if (record.substr(0, expected_prefix.size()) != expected_prefix)
        return fail("unexpected record: " + std::string(record));
      ++received;
      pos = end + 1;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  hub.close();
  server.stop();
  std::printf(
      "{\"metrics\": {\"sim_hub_events_per_sec\": %.0f, \"sim_hub_events\": %lld, \"sim_hub_frames\": %lld, "
      "\"sim_hub_mb\": %.1f, \"sim_hub_burst_ms\": %.1f}}\n",
      static_cast<double>(received) / seconds, static_cast<long long>(received), static_cast<long long>(frames),
      static_cast<double>(bytes) / 1e6, seconds * 1e3);
  return 0;
}
