// Whole-file reading, for inputs small enough to hold (profiles, answers,
// VEX documents, SBOMs to keep as submitted, scan reports). Every input has
// a size limit for its kind, so that a wrong path (/dev/zero, a disk image)
// ends in a message instead of all the memory there is; the limits and how
// to change them are in docs/reliability.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil {

// What an input is: its name in messages, the environment variable that
// overrides its limit (a byte count), and the default limit.
struct InputKind {
  std::string_view what;
  std::string_view variable;
  uint64_t limit;
};

inline constexpr InputKind kSbomInput{"SBOM", "VIGIL_MAX_SBOM_BYTES", 1ull << 30};
inline constexpr InputKind kProfileInput{"profile", "VIGIL_MAX_PROFILE_BYTES", 16ull << 20};
inline constexpr InputKind kVexInput{"VEX document", "VIGIL_MAX_VEX_BYTES", 256ull << 20};
inline constexpr InputKind kAnswersInput{"answers file", "VIGIL_MAX_ANSWERS_BYTES", 1ull << 20};
inline constexpr InputKind kReportInput{"scan report", "VIGIL_MAX_REPORT_BYTES", 1ull << 30};
// A feed file as `db import` reads it (an NVD year, osv.dev's all.zip).
inline constexpr InputKind kFeedInput{"feed file", "VIGIL_MAX_FEED_BYTES", 4ull << 30};
// One entry of a feed archive (osv.dev's all.zip), uncompressed.
inline constexpr InputKind kArchiveEntryInput{"archive entry", "VIGIL_MAX_ENTRY_BYTES", 1ull << 30};
// gzip data (an EPSS snapshot, a .gz feed file), decompressed.
inline constexpr InputKind kGzipInput{"gzip data", "VIGIL_MAX_GUNZIP_BYTES", 1ull << 30};

// SQLite application ids of Vigil's own files, by which each is known
// before anything is written to it: a kb ("VGKB") and records ("VGRC").
inline constexpr int64_t kKbApplicationId = 0x56474b42;
inline constexpr int64_t kRecordsApplicationId = 0x56475243;

// The limit in force: the variable's value when it is set to a whole number
// of bytes, else the default. An Error names a variable set to anything
// else.
Result<uint64_t> input_limit(const InputKind& kind);

// "1 GiB", "16 MiB", "1000 bytes".
std::string byte_size(uint64_t bytes);

// "its limit of 1 GiB (set VIGIL_MAX_SBOM_BYTES to a byte count to raise
// it)", for a message about an input past its limit.
std::string limit_of(const InputKind& kind, uint64_t limit);
// "the SBOM is larger than its limit of ...", at `location`.
Error too_large(const InputKind& kind, uint64_t limit, const std::string& location);

// The file's bytes. Refused, by path and in words: a folder, a file that
// cannot be opened or read, and one larger than the kind's limit (read up
// to the limit only, so a device that never ends is refused too).
Result<std::string> read_input(const std::string& path, const InputKind& kind);

}  // namespace vigil
