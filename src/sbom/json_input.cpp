// The parsers of the JSON readers (json_input.h), shared by CycloneDX and
// SPDX.
#include "sbom/json_input.h"

namespace vigil::sbom::detail {
namespace {

// An element sits two levels below the root: parsed alone, it gets two
// levels less, so that splitting accepts exactly the documents one tree does.
constexpr size_t kElementDepth = simdjson::DEFAULT_MAX_DEPTH - 2;

simdjson::dom::parser& with_depth(simdjson::dom::parser& p, size_t depth) {
  // Should this small allocation fail, the parse that follows reports it.
  [[maybe_unused]] const simdjson::error_code error = p.allocate(4096, depth);
  return p;
}

}  // namespace

simdjson::dom::parser& parser_for(size_t length, std::optional<simdjson::dom::parser>& own,
                                  ParserUse use) {
  const size_t depth = use == ParserUse::element ? kElementDepth : simdjson::DEFAULT_MAX_DEPTH;
  if (length > kReusedParserLimit) return with_depth(own.emplace(), depth);
  struct ElementParser {
    ElementParser() { with_depth(parser, kElementDepth); }
    simdjson::dom::parser parser;
  };
  thread_local simdjson::dom::parser documents;
  thread_local ElementParser elements;
  return use == ParserUse::document ? documents : elements.parser;
}

}  // namespace vigil::sbom::detail
