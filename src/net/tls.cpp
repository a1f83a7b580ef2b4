#include "net/tls.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

#if defined(_WIN32)
// Before OpenSSL: its headers #undef the names wincrypt.h defines (X509_NAME ...).
#include <windows.h>
// after <windows.h>
#include <wincrypt.h>
#else
#include <sys/stat.h>
#endif

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace risk::net {
namespace {

struct Deleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
template <typename T>
using Ptr = std::unique_ptr<T, Deleter>;

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

bool add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  Ptr<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

}  // namespace

Result<CertificatePair> make_self_signed_certificate(int days) {
  Ptr<EVP_PKEY_CTX> kctx(EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr));
  EVP_PKEY* raw_key = nullptr;
  if (!kctx || EVP_PKEY_keygen_init(kctx.get()) != 1 ||
      EVP_PKEY_CTX_set_ec_paramgen_curve_nid(kctx.get(), NID_X9_62_prime256v1) != 1 ||
      EVP_PKEY_keygen(kctx.get(), &raw_key) != 1) {
    return make_error("tls: EC key generation failed");
  }
  Ptr<EVP_PKEY> key(raw_key);

  Ptr<X509> cert(X509_new());
  if (!cert) return make_error("tls: X509_new failed");
  X509_set_version(cert.get(), 2);  // v3
  unsigned char serial_bytes[16];
  if (RAND_bytes(serial_bytes, sizeof serial_bytes) != 1) return make_error("tls: RAND_bytes failed");
  serial_bytes[0] &= 0x7F;  // positive serial
  BIGNUM* serial_bn = BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr);
  BN_to_ASN1_INTEGER(serial_bn, X509_get_serialNumber(cert.get()));
  BN_free(serial_bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 86400L);
  X509_set_pubkey(cert.get(), key.get());

  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("projectx-sim"), -1, -1,
                             0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);

  if (!add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
      !add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign") ||
      !add_extension(cert.get(), NID_ext_key_usage, "serverAuth") ||
      !add_extension(cert.get(), NID_subject_key_identifier, "hash") ||
      !add_extension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1")) {
    return make_error("tls: adding certificate extensions failed");
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return make_error("tls: signing failed");

  Ptr<BIO> cbio(BIO_new(BIO_s_mem()));
  Ptr<BIO> kbio(BIO_new(BIO_s_mem()));
  if (!cbio || !kbio || PEM_write_bio_X509(cbio.get(), cert.get()) != 1 ||
      PEM_write_bio_PrivateKey(kbio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return make_error("tls: PEM encoding failed");
  }
  return CertificatePair{bio_string(cbio.get()), bio_string(kbio.get())};
}

Result<bool> load_system_trust(SSL_CTX* ctx) {
#if defined(_WIN32)
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  HCERTSTORE system = CertOpenSystemStoreW(0, L"ROOT");
  if (system == nullptr) return make_error("tls: cannot open the Windows ROOT certificate store");
  int added = 0;
  for (PCCERT_CONTEXT c = CertEnumCertificatesInStore(system, nullptr); c != nullptr;
       c = CertEnumCertificatesInStore(system, c)) {
    const unsigned char* der = c->pbCertEncoded;
    X509* x = d2i_X509(nullptr, &der, static_cast<long>(c->cbCertEncoded));
    if (x == nullptr) continue;
    if (X509_STORE_add_cert(store, x) == 1) ++added;
    X509_free(x);
  }
  CertCloseStore(system, 0);
  if (added == 0) return make_error("tls: the Windows ROOT certificate store holds no usable certificate");
  return true;
#else
  if (SSL_CTX_set_default_verify_paths(ctx) != 1) return make_error("tls: cannot load the system trust store");
  return true;
#endif
}

Result<bool> write_text_file(const std::filesystem::path& path, const std::string& content, bool private_file) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return make_error("cannot write " + tmp.string() + ": " + std::strerror(errno));
#if !defined(_WIN32)
    if (private_file) ::chmod(tmp.c_str(), S_IRUSR | S_IWUSR);
#else
    (void)private_file;
#endif
    out << content;
    if (!out.flush()) return make_error("cannot write " + tmp.string());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return make_error("cannot rename to " + path.string() + ": " + ec.message());
  return true;
}

}  // namespace risk::net
