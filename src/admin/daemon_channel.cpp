#include "admin/daemon_channel.hpp"

#include "net/client.hpp"
#include "protocol/admin_auth.hpp"
#include "protocol/feed.hpp"

namespace risk::admin {

namespace {

// The next message of `type` (the daemon also pushes status messages).
Result<nlohmann::json> await(net::WsClient& ws, std::string_view type, std::chrono::steady_clock::time_point end) {
  while (std::chrono::steady_clock::now() < end) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    auto m = ws.read(std::max(left, std::chrono::milliseconds(1)));
    if (!m) return make_error("the daemon closed the admin connection or did not answer: " + m.error().message);
    auto j = nlohmann::json::parse(m.value(), nullptr, false);
    if (j.is_object() && j.value("type", std::string()) == type) return j;
  }
  return make_error("the daemon did not answer within the timeout");
}

}  // namespace

Result<nlohmann::json> send_admin_command(const ChannelOptions& options, const nlohmann::json& command) {
  auto key = protocol::read_admin_key(options.key_file);
  if (!key) return key.error();
  const bool v6 = options.host.find(':') != std::string::npos;
  const std::string url =
      "ws://" + (v6 ? "[" + options.host + "]" : options.host) + ":" + std::to_string(options.port) + "/";
  net::ClientOptions co;
  co.timeout = options.timeout;
  auto ws = net::WsClient::connect(url, co);
  if (!ws) {
    return make_error("cannot reach the daemon's event server at " + url + ": " + ws.error().message +
                      " (is risk-daemon running?)");
  }
  const auto end = std::chrono::steady_clock::now() + options.timeout;
  namespace channel = protocol::admin_channel;
  if (auto s = ws.value()->send(nlohmann::json{{"type", channel::kHello}}.dump()); !s) return s.error();
  auto challenge = await(*ws.value(), channel::kChallenge, end);
  if (!challenge) return challenge.error();
  const std::string nonce = challenge.value().value("nonce", std::string());
  const std::string text = command.dump();
  const nlohmann::json msg{
      {"type", channel::kCommand}, {"command", text}, {"mac", protocol::command_mac(key.value(), nonce, text)}};
  if (auto s = ws.value()->send(msg.dump()); !s) return s.error();
  auto result = await(*ws.value(), channel::kResult, end);
  ws.value()->close();
  return result;
}

}  // namespace risk::admin
