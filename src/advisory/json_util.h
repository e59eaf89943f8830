// simdjson helpers shared by the feed readers. Internal to advisory/.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigil::advisory::detail {

// The string at o[key], or "" when absent or not a string.
inline std::string_view str(simdjson::dom::object o, std::string_view key) {
  std::string_view s;
  return o[key].get_string().get(s) == simdjson::SUCCESS ? s : std::string_view();
}

// Calls f on each element of o[key] when it is an array.
template <class F>
void each(simdjson::dom::object o, std::string_view key, F f) {
  simdjson::dom::array a;
  if (o[key].get_array().get(a) != simdjson::SUCCESS) return;
  for (simdjson::dom::element e : a) f(e);
}

// The strings of the array at o[key]; other elements are skipped.
inline std::vector<std::string> strings(simdjson::dom::object o, std::string_view key) {
  std::vector<std::string> out;
  each(o, key, [&out](simdjson::dom::element e) {
    std::string_view s;
    if (e.get_string().get(s) == simdjson::SUCCESS) out.emplace_back(s);
  });
  return out;
}

inline bool flag(simdjson::dom::object o, std::string_view key, bool fallback) {
  bool b;
  return o[key].get_bool().get(b) == simdjson::SUCCESS ? b : fallback;
}

// The root object of a parse, or an Error naming `source`; `what` names the
// document in the message.
inline Result<simdjson::dom::object> root_object(
    simdjson::simdjson_result<simdjson::dom::element> parsed, std::string_view source,
    std::string_view what) {
  simdjson::dom::element root;
  if (auto err = std::move(parsed).get(root); err != simdjson::SUCCESS) {
    return Error{std::string("not readable JSON: ") + simdjson::error_message(err),
                 std::string(source)};
  }
  simdjson::dom::object o;
  if (root.get_object().get(o) != simdjson::SUCCESS) {
    return Error{std::string(what) + " must be a JSON object", std::string(source)};
  }
  return o;
}

// Parses JSON text whose root must be an object; `parser` and `text` must
// outlive the returned object.
inline Result<simdjson::dom::object> parse_object(simdjson::dom::parser& parser,
                                                  const simdjson::padded_string& text,
                                                  std::string_view source, std::string_view what) {
  return root_object(parser.parse(text), source, what);
}

// The same, parsing `text` where it lies: its capacity is grown, when
// short, to hold simdjson's padding, so no padded copy is made.
inline Result<simdjson::dom::object> parse_object(simdjson::dom::parser& parser, std::string& text,
                                                  std::string_view source, std::string_view what) {
  if (text.capacity() < text.size() + simdjson::SIMDJSON_PADDING)
    text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  return root_object(parser.parse(text.data(), text.size(), false), source, what);
}

// Parses `json` as one object (`what` names it in the error) and hands it to
// `read`, a reader taking the parsed object and `source`: the one-shot form
// of every feed reader.
template <class Read>
auto parse_then(std::string_view json, std::string_view source, std::string_view what, Read read)
    -> decltype(read(simdjson::dom::object{}, source)) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  auto parsed = parse_object(parser, padded, source, what);
  if (!parsed) return parsed.error();
  return read(*parsed, source);
}

// The OSV reference type for a reference's tags, as NVD ("Vendor Advisory")
// and CVE JSON 5 ("vendor-advisory") spell them: an exploit outranks a fix,
// which outranks an advisory or a report; anything else is WEB.
inline std::string reference_type(simdjson::dom::object ref) {
  std::string type = "WEB";
  each(ref, "tags", [&type](simdjson::dom::element t) {
    std::string_view raw;
    if (t.get_string().get(raw) != simdjson::SUCCESS) return;
    std::string tag;
    for (char c : raw)
      tag += c == ' ' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (tag == "exploit") {
      type = "EXPLOIT";
    } else if (tag == "patch" && type != "EXPLOIT") {
      type = "FIX";
    } else if ((tag == "vendor-advisory" || tag == "third-party-advisory") && type == "WEB") {
      type = "ADVISORY";
    } else if (tag == "issue-tracking" && type == "WEB") {
      type = "REPORT";
    }
  });
  return type;
}

}  // namespace vigil::advisory::detail
