#include "core/file.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

namespace vigil {

Result<uint64_t> input_limit(const InputKind& kind) {
  const char* set = std::getenv(std::string(kind.variable).c_str());
  if (!set || !*set) return kind.limit;
  const std::string_view v(set);
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n == 0) {
    return Error{std::string(kind.variable) + " must be a whole number of bytes above 0, not '" +
                     std::string(v) + "'",
                 {}};
  }
  return n;
}

std::string byte_size(uint64_t bytes) {
  for (const auto& [unit, name] : {std::pair<uint64_t, const char*>{1ull << 30, " GiB"},
                                   {1ull << 20, " MiB"},
                                   {1ull << 10, " KiB"}}) {
    if (bytes >= unit && bytes % unit == 0) return std::to_string(bytes / unit) + name;
  }
  return std::to_string(bytes) + " bytes";
}

std::string limit_of(const InputKind& kind, uint64_t limit) {
  return "its limit of " + byte_size(limit) + " (set " + std::string(kind.variable) +
         " to a byte count to raise it)";
}

Error too_large(const InputKind& kind, uint64_t limit, const std::string& location) {
  return Error{"the " + std::string(kind.what) + " is larger than " + limit_of(kind, limit),
               location};
}

Result<std::string> read_input(const std::string& path, const InputKind& kind) {
  auto limit = input_limit(kind);
  if (!limit) return limit.error();
  const std::string what(kind.what);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return Error{"this is a folder, not a file", path};
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) return Error{"cannot open the " + what + ": " + std::strerror(errno), path};
  std::string bytes;
  // A regular file says its size and is read at once; anything else (a
  // pipe, a device) is read in pieces up to the limit.
  uint64_t piece = 1 << 16;
  if (const auto size = std::filesystem::file_size(path, ec); !ec) {
    if (size > *limit) return too_large(kind, *limit, path);
    piece = size + 1;  // and the end is seen on the next read
  }
  for (;;) {
    const size_t at = bytes.size();
    const uint64_t room = *limit - at + 1;  // one byte past the limit tells
    bytes.resize(at + static_cast<size_t>(std::min<uint64_t>(piece, room)));
    const size_t got = std::fread(bytes.data() + at, 1, bytes.size() - at, file.get());
    bytes.resize(at + got);
    if (bytes.size() > *limit) return too_large(kind, *limit, path);
    if (got == 0) break;
  }
  if (std::ferror(file.get()))
    return Error{"cannot read the " + what + ": " + std::strerror(errno), path};
  return bytes;
}

}  // namespace vigil
