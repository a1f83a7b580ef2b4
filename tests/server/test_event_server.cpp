// The local event server on a real loopback socket.
#include <mutex>

#include <gtest/gtest.h>

#include "net/client.hpp"
#include "server/event_server.hpp"

using namespace risk;
using namespace risk::server;

TEST(EventServer, OnlyLocalOriginsAndLoopbackHosts) {
  EXPECT_TRUE(EventServer::is_local_origin(""));
  EXPECT_TRUE(EventServer::is_local_origin("http://localhost:3000"));
  EXPECT_TRUE(EventServer::is_local_origin("http://127.0.0.1"));
  EXPECT_TRUE(EventServer::is_local_origin("https://[::1]:8443"));
  EXPECT_FALSE(EventServer::is_local_origin("https://evil.example"));
  EXPECT_FALSE(EventServer::is_local_origin("http://localhost.evil.example"));
  EXPECT_FALSE(EventServer::is_local_origin("http://127.0.0.1.nip.io"));
  EXPECT_FALSE(EventServer::is_local_origin("null")) << "sandboxed iframes of any site send Origin: null";
  EXPECT_TRUE(EventServer::is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(EventServer::is_loopback_host("::1"));
  EXPECT_FALSE(EventServer::is_loopback_host("0.0.0.0"));
  EXPECT_FALSE(EventServer::is_loopback_host("192.168.1.5"));
}

TEST(EventServer, RefusesToListenBeyondLoopback) {
  EventServer s("0.0.0.0", 0, nullptr);
  auto r = s.start();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("loopback"), std::string::npos);
}

TEST(EventServer, SubscribeSnapshotAndBroadcast) {
  std::mutex m;
  std::vector<std::pair<std::uint64_t, std::vector<AccountId>>> subs;
  EventServer* srv = nullptr;
  EventServer s("127.0.0.1", 0, [&](std::uint64_t conn, std::vector<AccountId> ids) {
    {
      const std::lock_guard lock(m);
      subs.emplace_back(conn, ids);
    }
    srv->send_to(conn, {R"({"type":"snapshot","account_id":1001})"});
  });
  srv = &s;
  auto port = s.start();
  ASSERT_TRUE(port.ok()) << port.error().message;
  auto c = net::WsClient::connect("ws://127.0.0.1:" + std::to_string(port.value()) + "/");
  ASSERT_TRUE(c.ok()) << c.error().message;
  auto& ws = *c.value();
  ASSERT_TRUE(ws.send(R"({"subscribe":[1001]})").ok());
  auto snap = ws.read(std::chrono::seconds(5));
  ASSERT_TRUE(snap.ok());
  EXPECT_NE(snap.value().find("snapshot"), std::string::npos);
  {
    const std::lock_guard lock(m);
    ASSERT_EQ(subs.size(), 1u);
    EXPECT_EQ(subs[0].second, std::vector<AccountId>{1001});
  }
  s.broadcast(2002, R"({"type":"lockout_set","account_id":2002})");  // not subscribed: not delivered
  s.broadcast(1001, R"({"type":"lockout_set","account_id":1001})");
  s.broadcast(0, R"({"type":"daemon_status","account_id":0})");
  auto a = ws.read(std::chrono::seconds(5));
  ASSERT_TRUE(a.ok());
  EXPECT_NE(a.value().find("\"account_id\":1001"), std::string::npos);
  auto b = ws.read(std::chrono::seconds(5));
  ASSERT_TRUE(b.ok());
  EXPECT_NE(b.value().find("daemon_status"), std::string::npos);
  // Garbage from a client is ignored, never fatal.
  ASSERT_TRUE(ws.send("not json").ok());
  ASSERT_TRUE(ws.send(R"({"close_all": true})").ok());
  s.broadcast(1001, R"({"type":"rule_warning","account_id":1001})");
  auto w = ws.read(std::chrono::seconds(5));
  ASSERT_TRUE(w.ok());
  EXPECT_NE(w.value().find("rule_warning"), std::string::npos);
  s.stop();
}
