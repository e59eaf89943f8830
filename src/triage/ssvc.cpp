#include "triage/ssvc.h"

#include <array>
#include <string>

#include "core/text.h"

namespace vigil::triage::ssvc {
namespace {

// Each table's outcomes, one digit per row (the outcome's position in its
// enum), rows in the tables' order: every input ascending, the last fastest.
// tests/triage_ssvc_test.cpp compares every row with CERT/CC's CSV files.
constexpr std::string_view kSupplier = "011212121222121313232323232323233333";
constexpr std::string_view kDeployer =
    "001101110111111101111112011111110111111211121122112212221122222212232233";
constexpr std::string_view kUtility = "0112";
constexpr std::string_view kPublicSafety = "0111";
constexpr std::string_view kHumanImpact = "0013001312233333";

template <class E>
int ord(E e) {
  return static_cast<int>(e);
}

template <class E>
E outcome(std::string_view table, int row) {
  return static_cast<E>(table[static_cast<size_t>(row)] - '0');
}

template <class E, size_t N>
std::optional<E> lookup(std::string_view text, const std::array<std::string_view, N>& names) {
  for (size_t i = 0; i < N; ++i) {
    if (iequals(text, names[i])) return static_cast<E>(i);
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 3> kExploitation = {"none", "public poc", "active"};
constexpr std::array<std::string_view, 3> kUtilityNames = {"laborious", "efficient",
                                                           "super effective"};
constexpr std::array<std::string_view, 2> kTechnical = {"partial", "total"};
constexpr std::array<std::string_view, 2> kPublic = {"minimal", "significant"};
constexpr std::array<std::string_view, 4> kSafety = {"negligible", "marginal", "critical",
                                                     "catastrophic"};
constexpr std::array<std::string_view, 4> kMission = {"degraded", "mef support crippled",
                                                      "mef failure", "mission failure"};
constexpr std::array<std::string_view, 4> kHuman = {"low", "medium", "high", "very high"};
constexpr std::array<std::string_view, 2> kAutomatable = {"no", "yes"};
constexpr std::array<std::string_view, 2> kDensity = {"diffuse", "concentrated"};
constexpr std::array<std::string_view, 3> kExposure = {"small", "controlled", "open"};
constexpr std::array<std::string_view, 4> kPriority = {"defer", "scheduled", "out-of-cycle",
                                                       "immediate"};

}  // namespace

std::string_view name(Exploitation v) { return kExploitation[static_cast<size_t>(v)]; }
std::string_view name(Utility v) { return kUtilityNames[static_cast<size_t>(v)]; }
std::string_view name(TechnicalImpact v) { return kTechnical[static_cast<size_t>(v)]; }
std::string_view name(PublicSafetyImpact v) { return kPublic[static_cast<size_t>(v)]; }
std::string_view name(SafetyImpact v) { return kSafety[static_cast<size_t>(v)]; }
std::string_view name(MissionImpact v) { return kMission[static_cast<size_t>(v)]; }
std::string_view name(HumanImpact v) { return kHuman[static_cast<size_t>(v)]; }
std::string_view name(Automatable v) { return kAutomatable[static_cast<size_t>(v)]; }
std::string_view name(ValueDensity v) { return kDensity[static_cast<size_t>(v)]; }
std::string_view name(SystemExposure v) { return kExposure[static_cast<size_t>(v)]; }
std::string_view name(Priority v) { return kPriority[static_cast<size_t>(v)]; }

template <>
std::optional<Exploitation> parse(std::string_view t) {
  return lookup<Exploitation>(t, kExploitation);
}
template <>
std::optional<Utility> parse(std::string_view t) {
  return lookup<Utility>(t, kUtilityNames);
}
template <>
std::optional<TechnicalImpact> parse(std::string_view t) {
  return lookup<TechnicalImpact>(t, kTechnical);
}
template <>
std::optional<PublicSafetyImpact> parse(std::string_view t) {
  return lookup<PublicSafetyImpact>(t, kPublic);
}
template <>
std::optional<SafetyImpact> parse(std::string_view t) {
  return lookup<SafetyImpact>(t, kSafety);
}
template <>
std::optional<MissionImpact> parse(std::string_view t) {
  return lookup<MissionImpact>(t, kMission);
}
template <>
std::optional<HumanImpact> parse(std::string_view t) {
  return lookup<HumanImpact>(t, kHuman);
}
template <>
std::optional<Automatable> parse(std::string_view t) {
  return lookup<Automatable>(t, kAutomatable);
}
template <>
std::optional<ValueDensity> parse(std::string_view t) {
  return lookup<ValueDensity>(t, kDensity);
}
template <>
std::optional<SystemExposure> parse(std::string_view t) {
  return lookup<SystemExposure>(t, kExposure);
}
template <>
std::optional<Priority> parse(std::string_view t) {
  return lookup<Priority>(t, kPriority);
}

Utility utility(Automatable a, ValueDensity v) {
  return outcome<Utility>(kUtility, ord(a) * 2 + ord(v));
}

PublicSafetyImpact public_safety_impact(SafetyImpact s) {
  return outcome<PublicSafetyImpact>(kPublicSafety, ord(s));
}

HumanImpact human_impact(SafetyImpact s, MissionImpact m) {
  return outcome<HumanImpact>(kHumanImpact, ord(s) * 4 + ord(m));
}

Priority supplier_priority(Exploitation e, Utility u, TechnicalImpact t, PublicSafetyImpact p) {
  return outcome<Priority>(kSupplier, ((ord(e) * 3 + ord(u)) * 2 + ord(t)) * 2 + ord(p));
}

Priority deployer_priority(Exploitation e, SystemExposure x, Automatable a, HumanImpact h) {
  return outcome<Priority>(kDeployer, ((ord(e) * 3 + ord(x)) * 2 + ord(a)) * 4 + ord(h));
}

Exploitation exploitation(bool in_kev, bool public_exploit) {
  if (in_kev) return Exploitation::active;
  return public_exploit ? Exploitation::public_poc : Exploitation::none;
}

std::optional<Automatable> automatable(const cvss::Vector& v) {
  if (v.version == cvss::Version::v2_0) return std::nullopt;
  bool yes =
      v.value("AV") == "N" && v.value("AC") == "L" && v.value("PR") == "N" && v.value("UI") == "N";
  if (v.version == cvss::Version::v4_0) yes = yes && v.value("AT") == "N";
  return yes ? Automatable::yes : Automatable::no;
}

TechnicalImpact technical_impact(const cvss::Vector& v) {
  const bool v4 = v.version == cvss::Version::v4_0;
  const auto high = [&](std::string_view v3, std::string_view v4name) {
    const std::string_view value = v.value(v4 ? v4name : v3);
    return value == "H" || value == "C";  // v2 says Complete
  };
  const bool total = high("I", "VI") || (high("C", "VC") && high("A", "VA"));
  return total ? TechnicalImpact::total : TechnicalImpact::partial;
}

}  // namespace vigil::triage::ssvc
