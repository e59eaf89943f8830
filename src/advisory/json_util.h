// simdjson helpers shared by the feed readers. Internal to advisory/.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

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

}  // namespace vigil::advisory::detail
