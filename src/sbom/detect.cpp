// Format detection from content, never from the file name: JSON starts with
// '{', XML with '<', SPDX tag-value has an "SPDXVersion:" tag. Formats that
// are recognised but not read are refused by name.
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

Error unsupported(std::string_view what, std::string_view source) {
  return Error{std::string(what) +
                   " is not supported; Vigil reads CycloneDX 1.2 to 1.7 (JSON, XML) and SPDX 2.2 "
                   "and 2.3 (JSON, tag-value)",
               std::string(source)};
}

std::string_view recognise_other_text(std::string_view bytes) {
  // YAML SPDX names its version at the top level: "spdxVersion: SPDX-2.3"
  // (quoted or not) at the start of a line, within the document's head.
  const std::string_view head = bytes.substr(0, 64 * 1024);
  for (size_t pos = 0; pos < head.size();) {
    const size_t end = head.find('\n', pos);
    const std::string_view line =
        head.substr(pos, end == std::string_view::npos ? head.npos : end - pos);
    if (line.rfind("spdxVersion:", 0) == 0 || line.rfind("\"spdxVersion\":", 0) == 0)
      return "SPDX YAML";
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return {};
}

}  // namespace vigil::sbom::detail
