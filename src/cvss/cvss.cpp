#include "cvss/cvss.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>

#include "core/text.h"

namespace vigil::cvss {
namespace {

struct Metric {
  std::string_view name;
  std::string_view values;  // '|'-separated allowed values
  bool base;
};

constexpr Metric kV2[] = {
    {"AV", "L|A|N", true},        {"AC", "H|M|L", true},
    {"Au", "M|S|N", true},        {"C", "N|P|C", true},
    {"I", "N|P|C", true},         {"A", "N|P|C", true},
    {"E", "U|POC|F|H|ND", false}, {"RL", "OF|TF|W|U|ND", false},
    {"RC", "UC|UR|C|ND", false},  {"CDP", "N|L|LM|MH|H|ND", false},
    {"TD", "N|L|M|H|ND", false},  {"CR", "L|M|H|ND", false},
    {"IR", "L|M|H|ND", false},    {"AR", "L|M|H|ND", false},
};

constexpr Metric kV3[] = {
    {"AV", "N|A|L|P", true},    {"AC", "L|H", true},       {"PR", "N|L|H", true},
    {"UI", "N|R", true},        {"S", "U|C", true},        {"C", "H|L|N", true},
    {"I", "H|L|N", true},       {"A", "H|L|N", true},      {"E", "X|U|P|F|H", false},
    {"RL", "X|O|T|W|U", false}, {"RC", "X|U|R|C", false},  {"CR", "X|L|M|H", false},
    {"IR", "X|L|M|H", false},   {"AR", "X|L|M|H", false},  {"MAV", "X|N|A|L|P", false},
    {"MAC", "X|L|H", false},    {"MPR", "X|N|L|H", false}, {"MUI", "X|N|R", false},
    {"MS", "X|U|C", false},     {"MC", "X|N|L|H", false},  {"MI", "X|N|L|H", false},
    {"MA", "X|N|L|H", false},
};

constexpr Metric kV4[] = {
    {"AV", "N|A|L|P", true},     {"AC", "L|H", true},
    {"AT", "N|P", true},         {"PR", "N|L|H", true},
    {"UI", "N|P|A", true},       {"VC", "H|L|N", true},
    {"VI", "H|L|N", true},       {"VA", "H|L|N", true},
    {"SC", "H|L|N", true},       {"SI", "H|L|N", true},
    {"SA", "H|L|N", true},       {"E", "X|A|P|U", false},
    {"CR", "X|H|M|L", false},    {"IR", "X|H|M|L", false},
    {"AR", "X|H|M|L", false},    {"MAV", "X|N|A|L|P", false},
    {"MAC", "X|L|H", false},     {"MAT", "X|N|P", false},
    {"MPR", "X|N|L|H", false},   {"MUI", "X|N|P|A", false},
    {"MVC", "X|H|L|N", false},   {"MVI", "X|H|L|N", false},
    {"MVA", "X|H|L|N", false},   {"MSC", "X|H|L|N", false},
    {"MSI", "X|S|H|L|N", false}, {"MSA", "X|S|H|L|N", false},
    {"S", "X|N|P", false},       {"AU", "X|N|Y", false},
    {"R", "X|A|U|I", false},     {"V", "X|D|C", false},
    {"RE", "X|L|M|H", false},    {"U", "X|Clear|Green|Amber|Red", false},
};

template <size_t N>
const Metric* find(const Metric (&table)[N], std::string_view name) {
  for (const Metric& m : table) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

bool allowed(const Metric& m, std::string_view value) {
  for (std::string_view v : split(m.values, '|')) {
    if (v == value) return true;
  }
  return false;
}

template <size_t N>
Result<void> check(const Metric (&table)[N], const Vector& v, std::string_view text) {
  const auto fail = [&text](std::string why) {
    return Error{"invalid CVSS vector " + quote(text) + ": " + why, {}};
  };
  for (size_t i = 0; i < v.metrics.size(); ++i) {
    const auto& [name, value] = v.metrics[i];
    const Metric* m = find(table, name);
    if (m == nullptr) return fail("unknown metric " + quote(name));
    if (!allowed(*m, value)) {
      return fail("metric " + name + " cannot be " + quote(value) +
                  " (allowed: " + std::string(m->values) + ")");
    }
    for (size_t j = 0; j < i; ++j) {
      if (v.metrics[j].first == name) return fail("metric " + name + " appears twice");
    }
  }
  for (const Metric& m : table) {
    if (m.base && v.value(m.name).empty())
      return fail("base metric " + std::string(m.name) + " is missing");
  }
  return {};
}

double pick(std::string_view value, std::initializer_list<std::pair<std::string_view, double>> t) {
  for (const auto& [k, x] : t) {
    if (k == value) return x;
  }
  return 0;
}

// CVSS v3.1 Roundup: the smallest one-decimal number >= x, computed on
// integers so that 4.000000001 does not become 4.1.
double roundup31(double x) {
  const long long i = std::llround(x * 100000);
  if (i % 10000 == 0) return static_cast<double>(i) / 100000.0;
  return (std::floor(static_cast<double>(i) / 10000.0) + 1) / 10.0;
}

double roundup30(double x) { return std::ceil(x * 10) / 10; }

// v2's rounding to one decimal, half up as in exact decimal arithmetic:
// 9.0 x 0.95 is 8.55, which binary arithmetic makes 8.549999.
double round1(double x) { return std::floor(x * 10 + 0.5 + 1e-6) / 10; }

double score_v3(const Vector& v) {
  const bool changed = v.value("S") == "C";
  const auto cia = [&v](std::string_view m) {
    return pick(v.value(m), {{"H", 0.56}, {"L", 0.22}, {"N", 0}});
  };
  const double iss = 1 - (1 - cia("C")) * (1 - cia("I")) * (1 - cia("A"));
  const double impact =
      changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double av = pick(v.value("AV"), {{"N", 0.85}, {"A", 0.62}, {"L", 0.55}, {"P", 0.2}});
  const double ac = pick(v.value("AC"), {{"L", 0.77}, {"H", 0.44}});
  const double pr = changed ? pick(v.value("PR"), {{"N", 0.85}, {"L", 0.68}, {"H", 0.5}})
                            : pick(v.value("PR"), {{"N", 0.85}, {"L", 0.62}, {"H", 0.27}});
  const double ui = pick(v.value("UI"), {{"N", 0.85}, {"R", 0.62}});
  const double exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  const auto round = v.version == Version::v3_0 ? roundup30 : roundup31;
  return changed ? round(std::min(1.08 * (impact + exploitability), 10.0))
                 : round(std::min(impact + exploitability, 10.0));
}

// The temporal multiplier of a v3 vector: E x RL x RC.
double temporal_v3_factor(const Vector& v) {
  return pick(v.value("E"), {{"", 1}, {"X", 1}, {"H", 1}, {"F", 0.97}, {"P", 0.94}, {"U", 0.91}}) *
         pick(v.value("RL"), {{"", 1}, {"X", 1}, {"U", 1}, {"W", 0.97}, {"T", 0.96}, {"O", 0.95}}) *
         pick(v.value("RC"), {{"", 1}, {"X", 1}, {"C", 1}, {"R", 0.96}, {"U", 0.92}});
}

double temporal_v3(const Vector& v) {
  const auto round = v.version == Version::v3_0 ? roundup30 : roundup31;
  return round(score_v3(v) * temporal_v3_factor(v));
}

// The v3 environmental score: the base equations over the modified metrics
// (each falling back to its base value when not stated), with the
// confidentiality, integrity and availability requirements weighting the
// impact, and the temporal multiplier applied.
double environmental_v3(const Vector& v) {
  const auto metric = [&v](std::string_view base) {
    const std::string modified = "M" + std::string(base);
    const std::string_view m = v.value(modified);
    return m.empty() || m == "X" ? v.value(base) : m;
  };
  const bool changed = metric("S") == "C";
  const auto cia = [&](std::string_view m) {
    return pick(metric(m), {{"H", 0.56}, {"L", 0.22}, {"N", 0}});
  };
  const auto requirement = [&v](std::string_view m) {
    return pick(v.value(m), {{"", 1}, {"X", 1}, {"M", 1}, {"H", 1.5}, {"L", 0.5}});
  };
  const double miss =
      std::min(1 - (1 - requirement("CR") * cia("C")) * (1 - requirement("IR") * cia("I")) *
                       (1 - requirement("AR") * cia("A")),
               0.915);
  double impact;
  if (!changed) {
    impact = 6.42 * miss;
  } else if (v.version == Version::v3_0) {
    impact = 7.52 * (miss - 0.029) - 3.25 * std::pow(miss - 0.02, 15);
  } else {
    impact = 7.52 * (miss - 0.029) - 3.25 * std::pow(miss * 0.9731 - 0.02, 13);
  }
  const double av = pick(metric("AV"), {{"N", 0.85}, {"A", 0.62}, {"L", 0.55}, {"P", 0.2}});
  const double ac = pick(metric("AC"), {{"L", 0.77}, {"H", 0.44}});
  const double pr = changed ? pick(metric("PR"), {{"N", 0.85}, {"L", 0.68}, {"H", 0.5}})
                            : pick(metric("PR"), {{"N", 0.85}, {"L", 0.62}, {"H", 0.27}});
  const double ui = pick(metric("UI"), {{"N", 0.85}, {"R", 0.62}});
  const double exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  const auto round = v.version == Version::v3_0 ? roundup30 : roundup31;
  const double modified_base = changed ? round(std::min(1.08 * (impact + exploitability), 10.0))
                                       : round(std::min(impact + exploitability, 10.0));
  return round(modified_base * temporal_v3_factor(v));
}

double score_v2(const Vector& v) {
  const auto cia = [&v](std::string_view m) {
    return pick(v.value(m), {{"N", 0}, {"P", 0.275}, {"C", 0.660}});
  };
  const double impact = 10.41 * (1 - (1 - cia("C")) * (1 - cia("I")) * (1 - cia("A")));
  const double av = pick(v.value("AV"), {{"L", 0.395}, {"A", 0.646}, {"N", 1.0}});
  const double ac = pick(v.value("AC"), {{"H", 0.35}, {"M", 0.61}, {"L", 0.71}});
  const double au = pick(v.value("Au"), {{"M", 0.45}, {"S", 0.56}, {"N", 0.704}});
  const double exploitability = 20 * av * ac * au;
  const double f = impact == 0 ? 0 : 1.176;
  const double base = (0.6 * impact + 0.4 * exploitability - 1.5) * f;
  return round1(base);
}

double temporal_v2_factor(const Vector& v) {
  return pick(v.value("E"),
              {{"", 1}, {"ND", 1}, {"H", 1}, {"F", 0.95}, {"POC", 0.9}, {"U", 0.85}}) *
         pick(v.value("RL"),
              {{"", 1}, {"ND", 1}, {"U", 1}, {"W", 0.95}, {"TF", 0.9}, {"OF", 0.87}}) *
         pick(v.value("RC"), {{"", 1}, {"ND", 1}, {"C", 1}, {"UR", 0.95}, {"UC", 0.9}});
}

double temporal_v2(const Vector& v) { return round1(score_v2(v) * temporal_v2_factor(v)); }

// The v2 environmental score: the base equation with the impact weighted by
// the security requirements, its temporal score, then collateral damage
// potential and target distribution.
double environmental_v2(const Vector& v) {
  const auto cia = [&v](std::string_view m) {
    return pick(v.value(m), {{"N", 0}, {"P", 0.275}, {"C", 0.660}});
  };
  const auto requirement = [&v](std::string_view m) {
    return pick(v.value(m), {{"", 1}, {"ND", 1}, {"M", 1}, {"H", 1.51}, {"L", 0.5}});
  };
  const double impact = std::min(
      10.0, 10.41 * (1 - (1 - cia("C") * requirement("CR")) * (1 - cia("I") * requirement("IR")) *
                             (1 - cia("A") * requirement("AR"))));
  const double av = pick(v.value("AV"), {{"L", 0.395}, {"A", 0.646}, {"N", 1.0}});
  const double ac = pick(v.value("AC"), {{"H", 0.35}, {"M", 0.61}, {"L", 0.71}});
  const double au = pick(v.value("Au"), {{"M", 0.45}, {"S", 0.56}, {"N", 0.704}});
  const double exploitability = 20 * av * ac * au;
  const double f = impact == 0 ? 0 : 1.176;
  const double adjusted_base = round1((0.6 * impact + 0.4 * exploitability - 1.5) * f);
  const double adjusted_temporal = round1(adjusted_base * temporal_v2_factor(v));
  const double cdp =
      pick(v.value("CDP"),
           {{"", 0}, {"ND", 0}, {"N", 0}, {"L", 0.1}, {"LM", 0.3}, {"MH", 0.4}, {"H", 0.5}});
  const double td =
      pick(v.value("TD"), {{"", 1}, {"ND", 1}, {"N", 0}, {"L", 0.25}, {"M", 0.75}, {"H", 1}});
  return round1((adjusted_temporal + (10 - adjusted_temporal) * cdp) * td);
}

bool states_any(const Vector& v, std::initializer_list<std::string_view> metrics) {
  for (std::string_view m : metrics) {
    if (!v.value(m).empty()) return true;
  }
  return false;
}

}  // namespace

std::string_view version_name(Version v) {
  constexpr std::array<std::string_view, 4> kNames{"2.0", "3.0", "3.1", "4.0"};
  return kNames[static_cast<size_t>(v)];
}

std::string to_string(const Vector& v) {
  std::string out =
      v.version == Version::v2_0 ? "" : "CVSS:" + std::string(version_name(v.version));
  for (const auto& [metric, value] : v.metrics)
    out += (out.empty() ? "" : "/") + metric + ":" + value;
  return out;
}

std::string_view Vector::value(std::string_view metric) const {
  for (const auto& [name, value] : metrics) {
    if (name == metric) return value;
  }
  return {};
}

Result<Vector> parse(std::string_view text) {
  std::string_view rest = trim(text);
  Vector v;
  if (rest.starts_with("CVSS:3.0/")) {
    v.version = Version::v3_0;
  } else if (rest.starts_with("CVSS:3.1/")) {
    v.version = Version::v3_1;
  } else if (rest.starts_with("CVSS:4.0/")) {
    v.version = Version::v4_0;
  } else if (rest.starts_with("CVSS:")) {
    return Error{"invalid CVSS vector " + quote(text) + ": unknown version " +
                     quote(rest.substr(0, rest.find('/'))),
                 {}};
  } else {
    v.version = Version::v2_0;
    if (rest.starts_with("(") && rest.ends_with(")")) rest = rest.substr(1, rest.size() - 2);
  }
  if (v.version != Version::v2_0) rest.remove_prefix(rest.find('/') + 1);
  if (rest.empty()) return Error{"invalid CVSS vector " + quote(text) + ": no metrics", {}};
  for (std::string_view part : split(rest, '/')) {
    const size_t colon = part.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == part.size()) {
      return Error{
          "invalid CVSS vector " + quote(text) + ": " + quote(part) + " is not METRIC:VALUE", {}};
    }
    v.metrics.emplace_back(std::string(part.substr(0, colon)), std::string(part.substr(colon + 1)));
  }
  Result<void> ok;
  switch (v.version) {
    case Version::v2_0:
      ok = check(kV2, v, text);
      break;
    case Version::v3_0:
    case Version::v3_1:
      ok = check(kV3, v, text);
      break;
    case Version::v4_0:
      ok = check(kV4, v, text);
      break;
  }
  if (!ok) return ok.error();
  return v;
}

std::optional<double> base_score(const Vector& v) {
  switch (v.version) {
    case Version::v2_0:
      return score_v2(v);
    case Version::v3_0:
    case Version::v3_1:
      return score_v3(v);
    case Version::v4_0:
      return detail::score_v4(v, true);
  }
  return std::nullopt;
}

std::optional<double> temporal_score(const Vector& v) {
  switch (v.version) {
    case Version::v2_0:
      if (!states_any(v, {"E", "RL", "RC"})) return std::nullopt;
      return temporal_v2(v);
    case Version::v3_0:
    case Version::v3_1:
      return temporal_v3(v);
    case Version::v4_0:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> environmental_score(const Vector& v) {
  switch (v.version) {
    case Version::v2_0:
      if (!states_any(v, {"CDP", "TD", "CR", "IR", "AR"})) return std::nullopt;
      return environmental_v2(v);
    case Version::v3_0:
    case Version::v3_1:
      return environmental_v3(v);
    case Version::v4_0:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> score(const Vector& v) {
  if (v.version == Version::v4_0) return detail::score_v4(v, false);
  return base_score(v);
}

std::string_view nomenclature(const Vector& v) {
  if (v.version != Version::v4_0) return "base";
  const auto stated = [&v](std::string_view metric) {
    const std::string_view value = v.value(metric);
    return !value.empty() && value != "X";
  };
  const bool threat = stated("E");
  bool environmental = false;
  for (const auto& [name, value] : v.metrics) {
    // The security requirements and the modified base metrics (MAV ... MSA).
    if (value != "X" && (name == "CR" || name == "IR" || name == "AR" || name[0] == 'M'))
      environmental = true;
  }
  return threat ? (environmental ? "CVSS-BTE" : "CVSS-BT") : (environmental ? "CVSS-BE" : "CVSS-B");
}

std::string_view severity(Version v, double score) {
  if (v == Version::v2_0) return score < 4 ? "low" : score < 7 ? "medium" : "high";
  if (score == 0) return "none";
  return score < 4 ? "low" : score < 7 ? "medium" : score < 9 ? "high" : "critical";
}

}  // namespace vigil::cvss
