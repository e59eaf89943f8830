// What the JSON readers share for split documents (sbom/json_split.h): the
// parsers, and the walk over a split array's elements. Internal to sbom/.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "sbom/json_split.h"
#include "sbom/readers.h"

namespace vigil::sbom::detail {

// Documents up to this size reuse one parser per thread: a process reading
// SBOM after SBOM (the server, a portfolio rescan) keeps the parser's buffers
// instead of allocating and faulting them in again each time. Larger ones
// get a parser of their own, so their memory is returned. The roots of split
// documents and their elements have a parser each: a root's tree stays in
// use while its elements are parsed.
inline constexpr size_t kReusedParserLimit = 32u << 20;

enum class ParserUse : uint8_t { document, element };

simdjson::dom::parser& parser_for(size_t length, std::optional<simdjson::dom::parser>& own,
                                  ParserUse use);

// The split array `key`, marked as read (so that it is not checked again
// afterwards), or null when the root holds it.
inline const SplitJson::Array* split_array(SplitInput* split, std::string_view key) {
  const SplitJson::Array* a = split ? split->split.find(key) : nullptr;
  if (a) split->read.push_back(key);
  return a;
}

// Calls f(element, index) for each element of a split array, parsing them one
// at a time; the error when one cannot be read or is not JSON.
template <class F>
std::optional<Error> each_split_element(SplitInput& split, const SplitJson::Array& a,
                                        std::string_view source, F&& f) {
  for (size_t i = 0; i < a.elements.size(); ++i) {
    const auto text = split.spans.read(a.elements[i]);
    if (!text) return Error{"cannot read the file", std::string(source)};
    std::optional<simdjson::dom::parser> own;
    simdjson::dom::element e;
    if (auto err = parser_for(text->size(), own, ParserUse::element)
                       .parse(text->data(), text->size(), false)
                       .get(e);
        err != simdjson::SUCCESS) {
      return Error{"not readable JSON in /" + a.key + "/" + std::to_string(i) + ": " +
                       simdjson::error_message(err),
                   std::string(source)};
    }
    f(e, i);
  }
  return std::nullopt;
}

}  // namespace vigil::sbom::detail
