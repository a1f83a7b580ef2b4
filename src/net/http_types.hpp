#pragma once
// Plain request/response values exchanged between the network layer and the
// application. Cheap to include: no Asio or Beast.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace risk::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive header lookup; empty when absent.
std::string_view find_header(const Headers& headers, std::string_view name);

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as received
  std::string path;    // target without the query
  std::string query;   // without the '?'
  Headers headers;
  std::string body;

  [[nodiscard]] std::string_view header(std::string_view name) const { return find_header(headers, name); }
  // Percent-decoded value of a query parameter; empty when absent.
  [[nodiscard]] std::string query_param(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  Headers headers;
  // Server side: wait this long before sending (fault injection).
  std::chrono::milliseconds delay{0};
  // Server side: close the connection instead of answering (fault injection).
  bool drop_connection = false;
};

std::string url_decode(std::string_view in);
std::string url_encode(std::string_view in);

}  // namespace risk::net
