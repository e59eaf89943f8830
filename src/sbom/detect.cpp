// Format detection from content, never from the file name: JSON starts with
// '{', XML with '<', SPDX tag-value has an "SPDXVersion:" tag.
#include "core/text.h"
#include "sbom/readers.h"

namespace vigil::sbom::detail {

Kind sniff(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // UTF-8 byte order mark
  const std::string_view t = trim(bytes.substr(0, 4096));
  if (t.empty()) return Kind::unknown;
  if (t.front() == '{') return Kind::json;
  if (t.front() == '<') return Kind::xml;
  // Tag-value: "SPDXVersion: SPDX-2.3" on a line of its own, possibly after comments.
  size_t pos = 0;
  while (pos < t.size()) {
    const size_t end = t.find('\n', pos);
    const std::string_view line =
        trim(t.substr(pos, end == std::string_view::npos ? t.npos : end - pos));
    if (!line.empty() && line.front() != '#')
      return line.rfind("SPDXVersion:", 0) == 0 ? Kind::tag_value : Kind::unknown;
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return Kind::unknown;
}

}  // namespace vigil::sbom::detail
