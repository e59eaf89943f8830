#include <algorithm>
#include <fstream>

#include "core/text.h"
#include "sbom/readers.h"
#include "sbom/sbom.h"

namespace vigil::sbom {

std::string_view format_name(Format f) { return f == Format::cyclonedx ? "CycloneDX" : "SPDX"; }

std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::json:
      return "json";
    case Encoding::xml:
      return "xml";
    case Encoding::tag_value:
      return "tag-value";
  }
  return "json";
}

std::string_view severity_name(Severity s) { return s == Severity::error ? "error" : "warning"; }

bool Document::has_errors() const { return error_count() > 0; }

size_t Document::error_count() const {
  return static_cast<size_t>(
      std::count_if(diagnostics.begin(), diagnostics.end(),
                    [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

namespace {

// XML and tag-value text is not checked by its parser; JSON is (simdjson).
Result<Document> with_utf8_check(Result<Document> doc, std::string_view bytes) {
  if (!doc) return doc;
  if (const size_t bad = invalid_utf8_offset(bytes); bad != std::string_view::npos) {
    const auto line =
        1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    doc->diagnostics.push_back(
        {Severity::error, "line " + std::to_string(line),
         "the document is not valid UTF-8 (byte " + std::to_string(bad) + ")"});
  }
  return doc;
}

}  // namespace

Result<Document> read(std::string_view bytes, std::string_view source) {
  switch (detail::sniff(bytes)) {
    case detail::Kind::json:
      return detail::read_json(bytes, source);
    case detail::Kind::xml:
      return with_utf8_check(detail::read_cyclonedx_xml(bytes, source), bytes);
    case detail::Kind::tag_value:
      return with_utf8_check(detail::read_spdx_tagvalue(bytes, source), bytes);
    case detail::Kind::unknown:
      break;
  }
  return Error{"not an SBOM: expected CycloneDX (JSON or XML) or SPDX (JSON or tag-value)",
               std::string(source)};
}

Result<Document> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Error{"cannot open the file", path};
  const std::streamoff size = in.tellg();
  if (size < 0) return Error{"cannot read the file", path};
  // One buffer, with the padding simdjson reads past the end.
  constexpr size_t kPadding = 64;
  std::string bytes(static_cast<size_t>(size) + kPadding, '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size)) return Error{"cannot read the file", path};
  const std::string_view text(bytes.data(), static_cast<size_t>(size));
  if (detail::sniff(text) == detail::Kind::json) {
    return detail::read_json_padded(std::move(bytes), static_cast<size_t>(size), path);
  }
  return read(text, path);
}

}  // namespace vigil::sbom
