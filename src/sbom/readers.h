// The per-format readers behind sbom::read(). Internal to sbom/.
#pragma once

#include <string_view>
#include <vector>

#include "core/error.h"
#include "sbom/sbom.h"

namespace simdjson::dom {
class element;
}

namespace vigil::sbom::detail {

struct SplitJson;
class SpanReader;

// A JSON document taken apart by the splitter (sbom/json_split.h), and where
// its elements' bytes are read from.
struct SplitInput {
  const SplitJson& split;
  SpanReader& spans;
  std::vector<std::string_view> read = {};  // the arrays a reader went through
};

enum class Kind : uint8_t { json, xml, tag_value, unknown };

// Guesses the encoding from the first significant characters.
Kind sniff(std::string_view bytes);

// The refusal of an SBOM in a format or encoding Vigil recognises but does not
// read ("SPDX RDF/XML"), naming what it does read, so that a user is not told
// a valid document is "not an SBOM".
Error unsupported(std::string_view what, std::string_view source);

// "SPDX YAML" when text that is neither JSON nor XML nor tag-value is an SPDX
// document in YAML, else empty.
std::string_view recognise_other_text(std::string_view bytes);

// JSON SBOMs. Up to 32 MB in memory, through one parse tree; larger ones
// split when the splitter understands the document (its big arrays parsed
// one element at a time), whole otherwise.
Result<Document> read_json(std::string_view bytes, std::string_view source);
// Split whenever the splitter understands the document, whatever its size.
Result<Document> read_split_json(std::string_view bytes, std::string_view source);
// The root arrays a JSON SBOM is split at, and the read of a split one.
std::vector<std::string_view> split_keys();
Result<Document> read_split_json(const SplitJson& split, SpanReader& spans,
                                 std::string_view source);
// The whole document through one parse tree, never split.
Result<Document> read_whole_json(std::string_view bytes, std::string_view source);
// Reads JSON from a buffer that already has simdjson's padding, releasing the
// buffer once parsed so that the text and the model never peak together.
Result<Document> read_json_padded(std::string&& padded, size_t length, std::string_view source);
// JSON read where it lies in `text`, simdjson's padding appended in place and
// taken off again before returning (sbom::read_in_place).
Result<Document> read_json_in_place(std::string& text, std::string_view source);
Result<Document> read_cyclonedx_json(const simdjson::dom::element& root, std::string_view source,
                                     SplitInput* split = nullptr);
Result<Document> read_spdx_json(const simdjson::dom::element& root, std::string_view source,
                                SplitInput* split = nullptr);
Result<Document> read_cyclonedx_xml(std::string_view bytes, std::string_view source);
Result<Document> read_spdx_tagvalue(std::string_view bytes, std::string_view source);

}  // namespace vigil::sbom::detail
