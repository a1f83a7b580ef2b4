#pragma once
// TLS helpers shared by the simulator (server side) and the daemon's gateway
// client: a self-signed certificate generated with the OpenSSL API, and
// writing PEM files out for clients to trust. No Asio or Beast here.
#include <filesystem>
#include <string>

#include "core/result.hpp"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX

namespace risk::net {

struct CertificatePair {
  std::string cert_pem;  // X.509 certificate, PEM
  std::string key_pem;   // private key (PKCS#8), PEM: a secret
};

// An ECDSA P-256 certificate for CN=localhost with subjectAltName
// DNS:localhost and IP:127.0.0.1, valid for `days` days from now. It is its
// own issuer, so a client trusts it by adding the certificate itself as a CA
// (e.g. NODE_EXTRA_CA_CERTS=<file>, or ClientOptions::ca_file).
Result<CertificatePair> make_self_signed_certificate(int days = 365);

// Trusts the operating system's root certificates in `ctx`: OpenSSL's default
// verify paths on Linux; on Windows the system ROOT certificate store (which
// OpenSSL does not read by itself).
Result<bool> load_system_trust(ssl_ctx_st* ctx);

// Writes `content` to `path` atomically (temp file + rename). `private_file`
// restricts the mode to 0600 (for keys; on Windows the file inherits its
// directory's ACL).
Result<bool> write_text_file(const std::filesystem::path& path, const std::string& content, bool private_file);

}  // namespace risk::net
