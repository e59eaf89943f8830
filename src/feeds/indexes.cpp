#include "feeds/indexes.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/dates.h"
#include "core/text.h"

namespace vigil::feeds {
namespace {

std::optional<int> digits(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return std::nullopt;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

std::string where(const std::string& source, size_t line) {
  return source + ":" + std::to_string(line);
}

std::string_view unquote(std::string_view v) {
  v = trim(v);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v;
}

}  // namespace

std::optional<int64_t> parse_time(std::string_view s) {
  s = trim(s);
  const auto day = parse_date(s.substr(0, 10));
  if (!day) return std::nullopt;
  int64_t t = *day * 86400;
  if (s.size() == 10) return t;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  const auto h = digits(s, 11, 2), mi = digits(s, 14, 2), se = digits(s, 17, 2);
  if (!h || !mi || !se || s[13] != ':' || s[16] != ':' || *h > 23 || *mi > 59 || *se > 60)
    return std::nullopt;
  t += *h * 3600 + *mi * 60 + *se;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start) return std::nullopt;
  }
  if (i == s.size()) return t;  // no zone: UTC, as NVD writes it
  if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return t;
  if ((s[i] == '+' || s[i] == '-') && i + 6 == s.size() && s[i + 3] == ':') {
    const auto oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
    if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
    const int64_t offset = *oh * 3600 + *om * 60;
    return s[i] == '+' ? t - offset : t + offset;
  }
  return std::nullopt;
}

std::string format_time(int64_t seconds) {
  const int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const int64_t rem = seconds - days * 86400;
  const CivilDate c = civil_from_days(days);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(c.year), c.month, c.day, static_cast<long long>(rem / 3600),
                static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  return buf;
}

Result<std::vector<ModifiedId>> parse_modified_ids(std::string_view text,
                                                   const std::string& source) {
  std::vector<ModifiedId> out;
  size_t line_no = 0;
  for (std::string_view line : split(text, '\n')) {
    ++line_no;
    line = trim(line);
    if (line.empty()) continue;
    const size_t comma = line.find(',');
    if (comma == std::string_view::npos)
      return Error{"expected '<modified time>,<id>'", where(source, line_no)};
    const auto t = parse_time(line.substr(0, comma));
    if (!t) {
      return Error{quote(line.substr(0, comma)) + " is not an RFC 3339 time",
                   where(source, line_no)};
    }
    std::string_view id = trim(line.substr(comma + 1));
    if (const size_t slash = id.rfind('/'); slash != std::string_view::npos)
      id = id.substr(slash + 1);
    if (id.empty()) return Error{"the id is empty", where(source, line_no)};
    out.push_back({*t, std::string(id)});
  }
  return out;
}

bool public_tlp(std::string_view tlp) { return tlp == "WHITE" || tlp == "CLEAR"; }

namespace {

using Json = nlohmann::json;

Result<Json> parse_json(std::string_view text, const std::string& source, const char* what) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error{std::string("not a JSON object: expected ") + what, source};
  return j;
}

std::string string_at(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<ProviderMetadata> parse_provider_metadata(std::string_view text, const std::string& source) {
  auto j = parse_json(text, source, "a CSAF provider-metadata.json");
  if (!j) return j.error();
  ProviderMetadata m;
  if (const auto p = j->find("publisher"); p != j->end() && p->is_object())
    m.publisher = string_at(*p, "name");
  const auto dists = j->find("distributions");
  if (dists == j->end() || !dists->is_array())
    return Error{"a provider metadata document needs a 'distributions' array", source};
  for (size_t i = 0; i < dists->size(); ++i) {
    const Json& d = (*dists)[i];
    const std::string at = source + "#/distributions/" + std::to_string(i);
    if (!d.is_object()) return Error{"a distribution must be an object", at};
    if (std::string dir = string_at(d, "directory_url"); !dir.empty()) {
      while (!dir.empty() && dir.back() == '/') dir.pop_back();
      m.directories.push_back(std::move(dir));
    }
    const auto rolie = d.find("rolie");
    if (rolie == d.end()) continue;
    const auto feeds = rolie->is_object() ? rolie->find("feeds") : rolie->end();
    if (feeds == rolie->end() || !feeds->is_array())
      return Error{"a ROLIE distribution needs a 'feeds' array", at + "/rolie"};
    for (size_t k = 0; k < feeds->size(); ++k) {
      const Json& f = (*feeds)[k];
      const std::string url = f.is_object() ? string_at(f, "url") : std::string();
      if (url.empty())
        return Error{"a ROLIE feed needs a 'url'", at + "/rolie/feeds/" + std::to_string(k)};
      m.feeds.push_back({url, upper(string_at(f, "tlp_label"))});
    }
  }
  return m;
}

Result<std::vector<Listed>> parse_rolie_feed(std::string_view text, const std::string& source) {
  auto j = parse_json(text, source, "a ROLIE feed");
  if (!j) return j.error();
  const auto feed = j->find("feed");
  if (feed == j->end() || !feed->is_object())
    return Error{"a ROLIE feed document needs a 'feed' object", source};
  std::vector<Listed> out;
  const auto entries = feed->find("entry");
  if (entries == feed->end()) return out;  // an empty feed
  if (!entries->is_array()) return Error{"'entry' must be an array", source + "#/feed/entry"};
  for (size_t i = 0; i < entries->size(); ++i) {
    const Json& e = (*entries)[i];
    const std::string at = source + "#/feed/entry/" + std::to_string(i);
    if (!e.is_object()) return Error{"an entry must be an object", at};
    Listed l;
    if (const auto c = e.find("content"); c != e.end() && c->is_object())
      l.url = string_at(*c, "src");
    if (const auto links = e.find("link"); links != e.end() && links->is_array()) {
      for (const Json& link : *links) {
        if (!link.is_object()) continue;
        const std::string rel = string_at(link, "rel");
        if (rel == "self" && l.url.empty()) l.url = string_at(link, "href");
        // Prefer the stronger digest when both are linked.
        if (rel == "hash") {
          const std::string href = string_at(link, "href");
          if (l.hash_url.empty() || href.ends_with(".sha512")) l.hash_url = href;
        }
      }
    }
    if (l.url.empty()) return Error{"an entry names no document (content.src or a self link)", at};
    const std::string updated = string_at(e, "updated");
    const auto t = parse_time(updated);
    if (!t) return Error{"'updated' must be an RFC 3339 time, not " + quote(updated), at};
    l.updated = *t;
    out.push_back(std::move(l));
  }
  return out;
}

Result<std::vector<Listed>> parse_changes_csv(std::string_view text, std::string_view directory,
                                              const std::string& source) {
  std::vector<Listed> out;
  size_t line_no = 0;
  for (std::string_view line : split(text, '\n')) {
    ++line_no;
    line = trim(line);
    if (line.empty()) continue;
    // Paths never hold commas or quotes (CSAF 2.0 file names are
    // [a-z0-9+\-_] only), so the last comma separates the fields.
    const size_t comma = line.rfind(',');
    if (comma == std::string_view::npos)
      return Error{"expected '\"<path>\",\"<time>\"'", where(source, line_no)};
    const std::string_view path = unquote(line.substr(0, comma));
    const auto t = parse_time(unquote(line.substr(comma + 1)));
    if (path.empty() || !t)
      return Error{"expected '\"<path>\",\"<time>\"'", where(source, line_no)};
    if (path.find("..") != std::string_view::npos || path.find("://") != std::string_view::npos ||
        path.front() == '/') {
      return Error{"the path " + quote(path) + " leaves the distribution's directory",
                   where(source, line_no)};
    }
    out.push_back({std::string(directory) + "/" + std::string(path), *t, {}});
  }
  return out;
}

std::optional<std::string> parse_hash_file(std::string_view text) {
  text = trim(text);
  const size_t end = std::min(text.find_first_of(" \t\r\n"), text.size());
  std::string hex(text.substr(0, end));
  if (hex.size() != 64 && hex.size() != 128) return std::nullopt;
  for (char& c : hex) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return hex;
}

Result<NvdPage> parse_nvd_page(std::string_view text, const std::string& source) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::object root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS)
    return Error{"not a JSON object: expected an NVD CVE API 2.0 response", source};
  NvdPage page;
  for (auto [key, out] : {std::pair{"startIndex", &page.start_index},
                          std::pair{"resultsPerPage", &page.results_per_page},
                          std::pair{"totalResults", &page.total_results}}) {
    int64_t v = 0;
    if (root[key].get(v) != simdjson::SUCCESS || v < 0)
      return Error{std::string("an NVD API response needs a non-negative '") + key + "'", source};
    *out = v;
  }
  return page;
}

}  // namespace vigil::feeds
