#include "kb/archive.h"

#include <zip.h>

#include <algorithm>
#include <utility>

#include "core/file.h"

namespace vigil::kb::detail {

Result<void> read_archive(std::string_view bytes, const std::string& source, uint64_t entry_limit,
                          size_t padding, const ArchiveEntry& each, std::vector<Error>& skipped) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* zip = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr;
  if (zip == nullptr) {
    skipped.push_back(
        {std::string("not a readable zip archive: ") + zip_error_strerror(&error), source});
    if (src) zip_source_free(src);
    zip_error_fini(&error);
    return {};
  }
  zip_error_fini(&error);
  struct Closer {
    zip_t* z;
    ~Closer() { zip_discard(z); }
  } closer{zip};
  std::vector<std::pair<std::string, zip_uint64_t>> entries;
  const zip_int64_t n = zip_get_num_entries(zip, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(zip, static_cast<zip_uint64_t>(i), 0);
    if (name == nullptr) continue;
    const std::string_view nv(name);
    if (nv.ends_with(".json") || nv.ends_with(".csv") || nv.ends_with(".gz"))
      entries.emplace_back(name, static_cast<zip_uint64_t>(i));
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& [name, index] : entries) {
    const std::string where = source + "!/" + name;
    zip_stat_t st;
    zip_file_t* f =
        zip_stat_index(zip, index, 0, &st) == 0 ? zip_fopen_index(zip, index, 0) : nullptr;
    if (f == nullptr || (st.valid & ZIP_STAT_SIZE) == 0) {
      if (f) zip_fclose(f);
      skipped.push_back({"cannot read the archive entry", where});
      continue;
    }
    // The header's size is a claim, not a fact: refused past the limit
    // before anything is allocated, and the entry read against it.
    if (st.size > entry_limit) {
      zip_fclose(f);
      skipped.push_back({"the archive entry declares " + byte_size(st.size) + ", more than " +
                             limit_of(kArchiveEntryInput, entry_limit),
                         where});
      continue;
    }
    std::string entry;
    entry.reserve(static_cast<size_t>(st.size) + padding);
    bool damaged = false;
    for (;;) {
      constexpr size_t kChunk = 1 << 20;
      const size_t at = entry.size();
      const size_t want = at < st.size ? std::min<size_t>(kChunk, st.size - at) : kChunk;
      entry.resize(at + want);
      const zip_int64_t got = zip_fread(f, entry.data() + at, want);
      entry.resize(at + static_cast<size_t>(std::max<zip_int64_t>(got, 0)));
      if (got <= 0) {
        damaged = got < 0;
        break;
      }
      if (entry.size() > st.size) break;  // more than it declared
    }
    zip_fclose(f);
    if (damaged || entry.size() != st.size) {
      skipped.push_back({"the archive entry is damaged", where});
      continue;
    }
    if (auto r = each(where, entry); !r) return r;
  }
  return {};
}

}  // namespace vigil::kb::detail
