#include "platform/files.hpp"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#ifdef _WIN32
#include <windows.h>
// after windows.h
#include <aclapi.h>
#include <sddl.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace risk::platform {

namespace fs = std::filesystem;

Result<std::string> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return make_error("cannot read " + path + ": " + std::generic_category().message(errno));
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

#ifndef _WIN32

Result<bool> replace_file(const std::string& path, const std::string& content, FileMode mode) {
  const fs::path target(path);
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  struct stat old {};
  const bool existed = ::stat(path.c_str(), &old) == 0;
  const mode_t perms = mode == FileMode::OwnerOnly ? 0600
                       : mode == FileMode::Public  ? 0644
                       : existed                   ? (old.st_mode & 07777)
                                                   : 0640;
  std::string tmp = (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return make_error("cannot write " + tmp + ": " + std::generic_category().message(errno));
  const auto fail = [&](const std::string& what) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return make_error(what + ": " + std::generic_category().message(err) + " (" + path + " is unchanged)");
  };
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write " + tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  if (existed && ::fchown(fd, old.st_uid, old.st_gid) != 0 && errno != EPERM) return fail("cannot set the owner");
  if (::fchmod(fd, perms) != 0) return fail("cannot set the mode");
  if (::fsync(fd) != 0) return fail("cannot flush " + tmp);
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return make_error("cannot replace " + path + ": " + std::generic_category().message(err));
  }
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
  return true;
}

#else

// OwnerOnly on Windows: a protected DACL of Administrators and SYSTEM only (the
// service's account, which may read the rest of the configuration, may not
// read the admin password hash).
bool restrict_to_administrators(const std::string& file) {
  PSECURITY_DESCRIPTOR sd = nullptr;
  if (!::ConvertStringSecurityDescriptorToSecurityDescriptorA("D:P(A;;FA;;;BA)(A;;FA;;;SY)", SDDL_REVISION_1, &sd,
                                                              nullptr)) {
    return false;
  }
  BOOL present = FALSE;
  BOOL defaulted = FALSE;
  PACL dacl = nullptr;
  ::GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
  std::string p = file;
  const DWORD rc =
      ::SetNamedSecurityInfoA(p.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                              nullptr, nullptr, dacl, nullptr);
  ::LocalFree(sd);
  return rc == ERROR_SUCCESS;
}

Result<bool> replace_file(const std::string& path, const std::string& content, FileMode mode) {
  // Otherwise the new file inherits the directory's ACL (the installer restricts
  // the configuration directory to Administrators, SYSTEM and the service's account).
  const std::string tmp = path + ".tmp-" + std::to_string(::GetCurrentProcessId());
  HANDLE h = ::CreateFileA(tmp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) return make_error("cannot write " + tmp + " (" + path + " is unchanged)");
  DWORD written = 0;
  const bool ok = ::WriteFile(h, content.data(), static_cast<DWORD>(content.size()), &written, nullptr) &&
                  written == content.size() && ::FlushFileBuffers(h);  // on disk before the rename
  ::CloseHandle(h);
  if (!ok) {
    ::DeleteFileA(tmp.c_str());
    return make_error("cannot write " + tmp + " (" + path + " is unchanged)");
  }
  if (mode == FileMode::OwnerOnly && !restrict_to_administrators(tmp)) {
    ::DeleteFileA(tmp.c_str());
    return make_error("cannot restrict " + tmp + " to administrators (" + path + " is unchanged)");
  }
  if (!::MoveFileExA(tmp.c_str(), path.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    std::error_code ec;
    fs::remove(tmp, ec);
    return make_error("cannot replace " + path + " (Windows error " + std::to_string(::GetLastError()) + ")");
  }
  return true;
}

#endif

}  // namespace risk::platform
