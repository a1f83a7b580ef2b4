#pragma once
// risk-admin's side of the admin channel (admin/channel_auth.hpp): connects to
// the daemon's event server, answers the challenge with admin.key, sends one
// command and returns the daemon's admin_result.
#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace risk::admin {

struct ChannelOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8765;
  std::string key_file;  // admin.key
  std::chrono::milliseconds timeout{10'000};
};

// {"ok": bool, ...} from the daemon, or an error when the daemon cannot be
// reached or did not answer (the message says which).
Result<nlohmann::json> send_admin_command(const ChannelOptions& options, const nlohmann::json& command);

}  // namespace risk::admin
