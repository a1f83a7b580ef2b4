#pragma once
// Writing configuration files safely: the new content goes to a temporary file
// in the same directory, is flushed to disk, gets the old file's owner and mode
// (or the given mode for a new file), and replaces the old file in one rename.
// A crash leaves the old file or the new one, never half of either.
#include <string>

#include "core/result.hpp"

namespace risk::platform {

enum class FileMode {
  Keep,       // the replaced file's owner and mode (0640 for a new file)
  OwnerOnly,  // 0600 (secrets: the admin password hash)
  Public,     // 0644 (a systemd unit)
};

Result<bool> replace_file(const std::string& path, const std::string& content, FileMode mode = FileMode::Keep);

// The whole file, or an error naming it.
Result<std::string> read_file(const std::string& path);

}  // namespace risk::platform
