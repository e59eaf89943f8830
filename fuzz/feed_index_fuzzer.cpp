// Fuzzes the readers of the feed updater's index documents; the first byte
// chooses one: 0 times, 1 osv.dev modified_id.csv, 2 CSAF provider metadata,
// 3 ROLIE feed, 4 changes.csv, 5 hash file, 6 NVD API page. Properties: no
// input crashes a reader; a time read back from its own text is the same
// time; listed ids are never empty; changes.csv never leads outside its
// directory; a digest is lower-case hex of SHA-256 or SHA-512 length.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "feeds/indexes.h"

using namespace vigil::feeds;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 7) {
    case 0:
      if (auto t = parse_time(input)) {
        if (parse_time(format_time(*t)) != t) std::abort();
      }
      break;
    case 1:
      if (auto ids = parse_modified_ids(input, "fuzz")) {
        for (const auto& m : *ids) {
          if (m.id.empty()) std::abort();
        }
      }
      break;
    case 2:
      (void)parse_provider_metadata(input, "fuzz");
      break;
    case 3:
      if (auto docs = parse_rolie_feed(input, "fuzz")) {
        for (const auto& d : *docs) {
          if (d.url.empty()) std::abort();
        }
      }
      break;
    case 4:
      if (auto docs = parse_changes_csv(input, "https://p.example/dir", "fuzz")) {
        for (const auto& d : *docs) {
          if (d.url.rfind("https://p.example/dir/", 0) != 0 ||
              d.url.find("..") != std::string::npos)
            std::abort();
        }
      }
      break;
    case 5:
      if (auto hex = parse_hash_file(input)) {
        if (hex->size() != 64 && hex->size() != 128) std::abort();
        for (char c : *hex) {
          if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) std::abort();
        }
      }
      break;
    default:
      if (auto page = parse_nvd_page(input, "fuzz")) {
        if (page->total_results < 0 || page->results_per_page < 0) std::abort();
      }
      break;
  }
  return 0;
}
