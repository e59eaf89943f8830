// The per-format readers behind sbom::read(). Internal to sbom/.
#pragma once

#include <string_view>

#include "core/error.h"
#include "sbom/sbom.h"

namespace simdjson::dom {
class element;
}

namespace vigil::sbom::detail {

enum class Kind : uint8_t { json, xml, tag_value, unknown };

// Guesses the encoding from the first significant characters.
Kind sniff(std::string_view bytes);

Result<Document> read_json(std::string_view bytes, std::string_view source);
// Reads JSON from a buffer that already has simdjson's padding, releasing the
// buffer once parsed so that the text and the model never peak together.
Result<Document> read_json_padded(std::string&& padded, size_t length, std::string_view source);
Result<Document> read_cyclonedx_json(const simdjson::dom::element& root, std::string_view source);
Result<Document> read_spdx_json(const simdjson::dom::element& root, std::string_view source);
Result<Document> read_cyclonedx_xml(std::string_view bytes, std::string_view source);
Result<Document> read_spdx_tagvalue(std::string_view bytes, std::string_view source);

}  // namespace vigil::sbom::detail
