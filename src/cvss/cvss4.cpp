// CVSS v4.0 scoring (specification section 8): a vector falls in one of
// 270 MacroVectors, given by six equivalence classes (EQ1..EQ6) of its
// metrics; the score is the MacroVector's, less the vector's mean severity
// distance from the MacroVector's highest-severity vectors, scaled by how
// far the next lower MacroVector lies.
#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "cvss/cvss.h"

namespace vigil::cvss::detail {
namespace {

// The MacroVector scores FIRST publishes with the specification, indexed by
// the EQ digits: ((((eq1 * 2 + eq2) * 3 + eq3) * 3 + eq4) * 3 + eq5) * 2 +
// eq6. -1 where a combination does not exist (EQ3 2 needs EQ6 1).
constexpr std::array<double, 324> kMacroScores = {
    // EQ1 0, EQ2 0, EQ3 0
    10,
    9.9,
    9.8,
    9.5,
    9.5,
    9.2,
    10,
    9.6,
    9.3,
    8.7,
    9.1,
    8.1,
    9.3,
    9,
    8.9,
    8,
    8.1,
    6.8,
    // EQ1 0, EQ2 0, EQ3 1
    9.8,
    9.5,
    9.5,
    9.2,
    9,
    8.4,
    9.3,
    9.2,
    8.9,
    8.1,
    8.1,
    6.5,
    8.8,
    8,
    7.8,
    7,
    6.9,
    4.8,
    // EQ1 0, EQ2 0, EQ3 2
    -1,
    9.2,
    -1,
    8.2,
    -1,
    7.2,
    -1,
    7.9,
    -1,
    6.9,
    -1,
    5,
    -1,
    6.9,
    -1,
    5.5,
    -1,
    2.7,
    // EQ1 0, EQ2 1, EQ3 0
    9.9,
    9.7,
    9.5,
    9.2,
    9.2,
    8.5,
    9.5,
    9.1,
    9,
    8.3,
    8.4,
    7.1,
    9.2,
    8.1,
    8.2,
    7.1,
    7.2,
    5.3,
    // EQ1 0, EQ2 1, EQ3 1
    9.5,
    9.3,
    9.2,
    8.5,
    8.5,
    7.3,
    9.2,
    8.2,
    8,
    7.2,
    7,
    5.9,
    8.4,
    7,
    7.1,
    5.2,
    5,
    3,
    // EQ1 0, EQ2 1, EQ3 2
    -1,
    8.6,
    -1,
    7.5,
    -1,
    5.2,
    -1,
    7.1,
    -1,
    5.2,
    -1,
    2.9,
    -1,
    6.3,
    -1,
    2.9,
    -1,
    1.7,
    // EQ1 1, EQ2 0, EQ3 0
    9.8,
    9.5,
    9.4,
    8.7,
    9.1,
    8.1,
    9.4,
    8.9,
    8.6,
    7.4,
    7.7,
    6.4,
    8.7,
    7.5,
    7.4,
    6.3,
    6.3,
    4.9,
    // EQ1 1, EQ2 0, EQ3 1
    9.4,
    8.9,
    8.8,
    7.7,
    7.6,
    6.7,
    8.6,
    7.6,
    7.4,
    5.8,
    5.9,
    5,
    7.2,
    5.7,
    5.7,
    5.2,
    5.2,
    2.5,
    // EQ1 1, EQ2 0, EQ3 2
    -1,
    8.3,
    -1,
    7,
    -1,
    5.4,
    -1,
    6.5,
    -1,
    5.8,
    -1,
    2.6,
    -1,
    5.3,
    -1,
    2.1,
    -1,
    1.3,
    // EQ1 1, EQ2 1, EQ3 0
    9.5,
    9,
    8.8,
    7.6,
    7.6,
    7,
    9,
    7.7,
    7.5,
    6.2,
    6.1,
    5.3,
    7.7,
    6.6,
    6.8,
    5.9,
    5.2,
    3,
    // EQ1 1, EQ2 1, EQ3 1
    8.9,
    7.8,
    7.6,
    6.7,
    6.2,
    5.8,
    7.4,
    5.9,
    5.7,
    5.7,
    4.7,
    2.3,
    6.1,
    5.2,
    5.7,
    2.9,
    2.4,
    1.6,
    // EQ1 1, EQ2 1, EQ3 2
    -1,
    7.1,
    -1,
    5.9,
    -1,
    3,
    -1,
    5.8,
    -1,
    2.6,
    -1,
    1.5,
    -1,
    2.3,
    -1,
    1.3,
    -1,
    0.6,
    // EQ1 2, EQ2 0, EQ3 0
    9.3,
    8.7,
    8.6,
    7.2,
    7.5,
    5.8,
    8.6,
    7.4,
    7.4,
    6.1,
    5.6,
    3.4,
    7,
    5.4,
    5.2,
    4,
    4,
    2.2,
    // EQ1 2, EQ2 0, EQ3 1
    8.5,
    7.5,
    7.4,
    5.5,
    6.2,
    5.1,
    7.2,
    5.7,
    5.5,
    4.1,
    4.6,
    1.9,
    5.3,
    3.6,
    3.4,
    1.9,
    1.9,
    0.8,
    // EQ1 2, EQ2 0, EQ3 2
    -1,
    6.4,
    -1,
    5.1,
    -1,
    2,
    -1,
    4.7,
    -1,
    2.1,
    -1,
    1.1,
    -1,
    2.4,
    -1,
    0.9,
    -1,
    0.4,
    // EQ1 2, EQ2 1, EQ3 0
    8.8,
    7.5,
    7.3,
    5.3,
    6,
    5,
    7.3,
    5.5,
    5.9,
    4,
    4.1,
    2,
    5.4,
    4.3,
    4.5,
    2.2,
    2,
    1.1,
    // EQ1 2, EQ2 1, EQ3 1
    7.5,
    5.5,
    5.8,
    4.5,
    4,
    2.1,
    6.1,
    5.1,
    4.8,
    1.8,
    2,
    0.9,
    4.6,
    1.8,
    1.7,
    0.7,
    0.8,
    0.2,
    // EQ1 2, EQ2 1, EQ3 2
    -1,
    5.3,
    -1,
    2.4,
    -1,
    1.4,
    -1,
    2.4,
    -1,
    1.2,
    -1,
    0.5,
    -1,
    1,
    -1,
    0.3,
    -1,
    0.1,
};

double macro_score(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
  if (eq1 < 0 || eq1 > 2 || eq2 < 0 || eq2 > 1 || eq3 < 0 || eq3 > 2 || eq4 < 0 || eq4 > 2 ||
      eq5 < 0 || eq5 > 2 || eq6 < 0 || eq6 > 1)
    return NAN;
  const double s = kMacroScores[static_cast<size_t>(
      ((((eq1 * 2 + eq2) * 3 + eq3) * 3 + eq4) * 3 + eq5) * 2 + eq6)];
  return s < 0 ? NAN : s;
}

// The metrics whose severity distance is measured, in this order.
enum M { AV, PR, UI, AC, AT, VC, VI, VA, SC, SI, SA, CR, IR, AR, kMetrics };
constexpr std::array<std::string_view, kMetrics> kNames = {
    "AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR"};

// Each value's distance from the metric's most severe value, in the
// specification's steps of 0.1.
double level(int metric, char v) {
  switch (metric) {
    case AV:
      return v == 'N' ? 0.0 : v == 'A' ? 0.1 : v == 'L' ? 0.2 : 0.3;
    case PR:
      return v == 'N' ? 0.0 : v == 'L' ? 0.1 : 0.2;
    case UI:
      return v == 'N' ? 0.0 : v == 'P' ? 0.1 : 0.2;
    case AC:
      return v == 'L' ? 0.0 : 0.1;
    case AT:
      return v == 'N' ? 0.0 : 0.1;
    case VC:
    case VI:
    case VA:
      return v == 'H' ? 0.0 : v == 'L' ? 0.1 : 0.2;
    case SC:
      return v == 'H' ? 0.1 : v == 'L' ? 0.2 : 0.3;
    case SI:
    case SA:
      return v == 'S' ? 0.0 : v == 'H' ? 0.1 : v == 'L' ? 0.2 : 0.3;
    default:  // CR, IR, AR
      return v == 'H' ? 0.0 : v == 'M' ? 0.1 : 0.2;
  }
}

// A highest-severity vector of one EQ class, as the values of the metrics it
// fixes ('-' for those it does not).
using Max = std::array<char, kMetrics>;
Max max_of(std::initializer_list<std::pair<int, char>> values) {
  Max m;
  m.fill('-');
  for (const auto& [metric, v] : values) m[static_cast<size_t>(metric)] = v;
  return m;
}

// The highest-severity vectors of each class (the specification's
// "max_composed"), per EQ level; EQ3 and EQ6 together.
const std::vector<Max>& eq1_maxes(int eq1) {
  static const std::array<std::vector<Max>, 3> k = {
      std::vector<Max>{max_of({{AV, 'N'}, {PR, 'N'}, {UI, 'N'}})},
      std::vector<Max>{max_of({{AV, 'A'}, {PR, 'N'}, {UI, 'N'}}),
                       max_of({{AV, 'N'}, {PR, 'L'}, {UI, 'N'}}),
                       max_of({{AV, 'N'}, {PR, 'N'}, {UI, 'P'}})},
      std::vector<Max>{max_of({{AV, 'P'}, {PR, 'N'}, {UI, 'N'}}),
                       max_of({{AV, 'A'}, {PR, 'L'}, {UI, 'P'}})}};
  return k[static_cast<size_t>(eq1)];
}

const std::vector<Max>& eq2_maxes(int eq2) {
  static const std::array<std::vector<Max>, 2> k = {
      std::vector<Max>{max_of({{AC, 'L'}, {AT, 'N'}})},
      std::vector<Max>{max_of({{AC, 'H'}, {AT, 'N'}}), max_of({{AC, 'L'}, {AT, 'P'}})}};
  return k[static_cast<size_t>(eq2)];
}

Max cia(char vc, char vi, char va, char cr, char ir, char ar) {
  return max_of({{VC, vc}, {VI, vi}, {VA, va}, {CR, cr}, {IR, ir}, {AR, ar}});
}

const std::vector<Max>& eq3eq6_maxes(int eq3, int eq6) {
  static const std::array<std::array<std::vector<Max>, 2>, 3> k = {{
      {std::vector<Max>{cia('H', 'H', 'H', 'H', 'H', 'H')},
       std::vector<Max>{cia('H', 'H', 'L', 'M', 'M', 'H'), cia('H', 'H', 'H', 'M', 'M', 'M')}},
      {std::vector<Max>{cia('L', 'H', 'H', 'H', 'H', 'H'), cia('H', 'L', 'H', 'H', 'H', 'H')},
       std::vector<Max>{cia('L', 'H', 'L', 'H', 'M', 'H'), cia('L', 'H', 'H', 'H', 'M', 'M'),
                        cia('H', 'L', 'H', 'M', 'H', 'M'), cia('H', 'L', 'L', 'M', 'H', 'H'),
                        cia('L', 'L', 'H', 'H', 'H', 'M')}},
      {std::vector<Max>{}, std::vector<Max>{cia('L', 'L', 'L', 'H', 'H', 'H')}},
  }};
  return k[static_cast<size_t>(eq3)][static_cast<size_t>(eq6)];
}

const std::vector<Max>& eq4_maxes(int eq4) {
  static const std::array<std::vector<Max>, 3> k = {
      std::vector<Max>{max_of({{SC, 'H'}, {SI, 'S'}, {SA, 'S'}})},
      std::vector<Max>{max_of({{SC, 'H'}, {SI, 'H'}, {SA, 'H'}})},
      std::vector<Max>{max_of({{SC, 'L'}, {SI, 'L'}, {SA, 'L'}})}};
  return k[static_cast<size_t>(eq4)];
}

// The depth of each class's MacroVectors, in steps (the specification's
// "max_severity").
constexpr int kDepthEq1[] = {1, 4, 5};
constexpr int kDepthEq2[] = {1, 2};
constexpr int kDepthEq3Eq6[3][2] = {{7, 6}, {8, 8}, {0, 10}};
constexpr int kDepthEq4[] = {6, 5, 4};

}  // namespace

double score_v4(const Vector& v, bool base_only) {
  // A metric's effective value: its modified (environmental) value when one
  // is given, else its base value; an unstated threat or requirement takes
  // the worst case (E:A, CR/IR/AR:H), as the specification says.
  const auto m = [&](std::string_view metric) -> char {
    if (!base_only) {
      std::string modified = "M";
      modified += metric;
      const std::string_view mv = v.value(modified);
      if (!mv.empty() && mv != "X") return mv.front();
    }
    std::string_view value =
        base_only && (metric == "E" || metric == "CR" || metric == "IR" || metric == "AR")
            ? std::string_view()
            : v.value(metric);
    if (value.empty() || value == "X") {
      if (metric == "E") return 'A';
      if (metric == "CR" || metric == "IR" || metric == "AR") return 'H';
      return 'X';
    }
    return value.front();
  };
  const auto modified_safety = [&](std::string_view metric) {
    if (base_only) return false;
    const std::string_view mv = v.value(metric);
    return mv == "S";
  };
  if (m("VC") == 'N' && m("VI") == 'N' && m("VA") == 'N' && m("SC") == 'N' && m("SI") == 'N' &&
      m("SA") == 'N')
    return 0.0;

  const char av = m("AV"), pr = m("PR"), ui = m("UI");
  const int eq1 = (av == 'N' && pr == 'N' && ui == 'N')                  ? 0
                  : ((av == 'N' || pr == 'N' || ui == 'N') && av != 'P') ? 1
                                                                         : 2;
  const int eq2 = m("AC") == 'L' && m("AT") == 'N' ? 0 : 1;
  const char vc = m("VC"), vi = m("VI"), va = m("VA");
  const int eq3 = (vc == 'H' && vi == 'H') ? 0 : (vc == 'H' || vi == 'H' || va == 'H') ? 1 : 2;
  const int eq4 = (modified_safety("MSI") || modified_safety("MSA"))     ? 0
                  : (m("SC") == 'H' || m("SI") == 'H' || m("SA") == 'H') ? 1
                                                                         : 2;
  const char e = m("E");
  const int eq5 = e == 'A' ? 0 : e == 'P' ? 1 : 2;
  const int eq6 = (m("CR") == 'H' && vc == 'H') || (m("IR") == 'H' && vi == 'H') ||
                          (m("AR") == 'H' && va == 'H')
                      ? 0
                      : 1;

  double value = macro_score(eq1, eq2, eq3, eq4, eq5, eq6);

  // The next lower MacroVector of each class; EQ3 and EQ6 move together,
  // taking the higher of two paths from 00.
  const double lower_eq1 = macro_score(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
  const double lower_eq2 = macro_score(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
  double lower_eq3eq6;
  if (eq3 == 0 && eq6 == 0) {
    const double left = macro_score(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
    const double right = macro_score(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
    lower_eq3eq6 = left > right ? left : right;
  } else if (eq3 == 1 && eq6 == 0) {
    lower_eq3eq6 = macro_score(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
  } else if (eq6 == 1 && eq3 < 2) {
    lower_eq3eq6 = macro_score(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
  } else {
    lower_eq3eq6 = NAN;
  }
  const double lower_eq4 = macro_score(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
  const double lower_eq5 = macro_score(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

  // The vector's severity distance from the first highest-severity vector
  // of its MacroVector that it does not exceed in any metric.
  std::array<char, kMetrics> mine;
  for (size_t i = 0; i < kMetrics; ++i) mine[i] = m(kNames[i]);
  std::array<double, kMetrics> distance{};
  bool found = false;
  for (const Max& a : eq1_maxes(eq1)) {
    for (const Max& b : eq2_maxes(eq2)) {
      for (const Max& c : eq3eq6_maxes(eq3, eq6)) {
        for (const Max& d : eq4_maxes(eq4)) {
          bool below = true;
          for (size_t i = 0; i < kMetrics; ++i) {
            const char mv = a[i] != '-' ? a[i] : b[i] != '-' ? b[i] : c[i] != '-' ? c[i] : d[i];
            distance[i] = level(static_cast<int>(i), mine[i]) - level(static_cast<int>(i), mv);
            below = below && distance[i] >= 0;
          }
          // EQ5 has one highest vector, and no distance.
          if (below) {
            found = true;
            break;
          }
        }
        if (found) break;
      }
      if (found) break;
    }
    if (found) break;
  }
  const double d_eq1 = distance[AV] + distance[PR] + distance[UI];
  const double d_eq2 = distance[AC] + distance[AT];
  const double d_eq3eq6 =
      distance[VC] + distance[VI] + distance[VA] + distance[CR] + distance[IR] + distance[AR];
  const double d_eq4 = distance[SC] + distance[SI] + distance[SA];

  // The mean, over the classes that have a lower MacroVector, of the
  // scoring gap to it times the share of the class's depth travelled.
  constexpr double kStep = 0.1;
  int lowers = 0;
  double sum = 0;
  const auto add = [&](double lower, double travelled, double depth) {
    const double gap = value - lower;
    if (std::isnan(gap)) return;
    ++lowers;
    sum += depth > 0 ? gap * (travelled / depth) : 0.0;
  };
  add(lower_eq1, d_eq1, kDepthEq1[eq1] * kStep);
  add(lower_eq2, d_eq2, kDepthEq2[eq2] * kStep);
  add(lower_eq3eq6, d_eq3eq6, kDepthEq3Eq6[eq3][eq6] * kStep);
  add(lower_eq4, d_eq4, kDepthEq4[eq4] * kStep);
  add(lower_eq5, 0, 0);  // EQ5's share is always 0, but it counts
  if (lowers > 0) value -= sum / lowers;
  value = std::clamp(value, 0.0, 10.0);
  // Half up, as in exact decimal arithmetic: the steps of 0.1 above carry
  // binary rounding error, and a true 5.65 arrives as 5.6499999999.
  constexpr double kTolerance = 1e-6;
  return std::floor(value * 10 + 0.5 + kTolerance) / 10;
}

}  // namespace vigil::cvss::detail
