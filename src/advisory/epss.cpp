#include "advisory/epss.h"

#include <charconv>

#include "advisory/gzip.h"
#include "core/file.h"
#include "core/text.h"

namespace vigil::advisory {
namespace {

bool parse_unit(std::string_view s, double& out) {
  s = trim(s);
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 0 && out <= 1;
}

// "key:value" from the comment line.
std::string field(std::string_view comment, std::string_view key) {
  for (std::string_view part : split(comment, ',')) {
    part = trim(part);
    if (part.rfind(key, 0) == 0 && part.size() > key.size() && part[key.size()] == ':') {
      return std::string(part.substr(key.size() + 1));
    }
  }
  return "";
}

}  // namespace

Result<EpssSnapshot> parse_epss(std::string_view bytes, std::string_view source) {
  std::string inflated;
  if (is_gzip(bytes)) {
    auto limit = input_limit(kGzipInput);
    if (!limit) return limit.error();
    auto r = gunzip(bytes, source, *limit);
    if (!r) return r.error();
    inflated = std::move(*r);
    bytes = inflated;
  }
  EpssSnapshot snap;
  bool header = false;
  size_t pos = 0;
  int line_no = 0;
  while (pos < bytes.size()) {
    const size_t end = bytes.find('\n', pos);
    const std::string_view line =
        trim(bytes.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    pos = end == std::string_view::npos ? bytes.size() : end + 1;
    ++line_no;
    if (line.empty()) continue;
    if (line.front() == '#') {
      snap.model_version = field(line.substr(1), "model_version");
      snap.score_date = field(line.substr(1), "score_date");
      continue;
    }
    if (!header) {
      if (line != "cve,epss,percentile") {
        return Error{
            "not an EPSS file: expected the header 'cve,epss,percentile', got " + quote(line),
            std::string(source) + ":" + std::to_string(line_no)};
      }
      header = true;
      continue;
    }
    const auto cols = split(line, ',');
    EpssScore s;
    if (cols.size() != 3 || trim(cols[0]).rfind("CVE-", 0) != 0 || !parse_unit(cols[1], s.epss) ||
        !parse_unit(cols[2], s.percentile)) {
      snap.skipped.push_back(
          Error{"expected 'CVE-ID,score,percentile' with values from 0 to 1, got " + quote(line),
                std::string(source) + ":" + std::to_string(line_no)});
      continue;
    }
    s.cve = std::string(trim(cols[0]));
    snap.scores.push_back(std::move(s));
  }
  if (!header)
    return Error{"not an EPSS file: no 'cve,epss,percentile' header", std::string(source)};
  return snap;
}

}  // namespace vigil::advisory
