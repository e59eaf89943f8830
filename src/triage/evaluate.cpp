#include "triage/evaluate.h"

#include <algorithm>
#include <cstdio>

#include "core/dates.h"
#include "core/text.h"

namespace vigil::triage {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += i + 1 == v.size() ? " and " : ", ";
    out += v[i];
  }
  return out;
}

// Which of confidentiality, integrity and availability the vector says an
// attack affects; all three when there is no vector (the worst case).
struct Effects {
  bool c = true, i = true, a = true;
};

Effects effects_of(const std::optional<cvss::Vector>& v) {
  if (!v) return {};
  const bool v4 = v->version == cvss::Version::v4_0;
  const auto hit = [&](std::string_view v3, std::string_view v4name) {
    const std::string_view x = v->value(v4 ? v4name : v3);
    return !x.empty() && x != "N";
  };
  return {hit("C", "VC"), hit("I", "VI"), hit("A", "VA")};
}

ssvc::SafetyImpact safety_impact(Harm h) {
  switch (h) {
    case Harm::negligible:
      return ssvc::SafetyImpact::negligible;
    case Harm::minor:
      return ssvc::SafetyImpact::marginal;
    case Harm::serious:
      return ssvc::SafetyImpact::critical;
    default:
      return ssvc::SafetyImpact::catastrophic;
  }
}

}  // namespace

Result<Evaluation> evaluate(const FindingFacts& f, const Profile& p, const std::string& learned) {
  const auto learned_day = parse_date(learned);
  if (!learned_day) return Error{"the date learned must be YYYY-MM-DD, not " + quote(learned), {}};
  Evaluation e;
  e.learned = learned;
  const std::string who =
      f.component_name + (f.component_version.empty() ? "" : " " + f.component_version);

  // 1. Where the component sits.
  const ComponentRule* rule = nullptr;
  for (const auto& r : p.components) {
    if (r.selector.matches(f.component_name, f.component_purl)) {
      rule = &r;
      break;
    }
  }
  e.functions = rule ? rule->functions : p.default_functions;
  e.exposure = rule ? rule->exposure : p.default_exposure;
  e.explanation.push_back(
      who +
      (e.functions.empty() ? " serves no function the profile names"
                           : " serves " + join(e.functions)) +
      " and is reachable " +
      (e.exposure == Exposure::network    ? "over the network"
       : e.exposure == Exposure::adjacent ? "from an adjacent network"
       : e.exposure == Exposure::local    ? "only locally"
                                          : "only with physical access") +
      (rule ? " (profile)." : " (the profile's default for unlisted components)."));

  // 2. Exploitability where it sits.
  e.exploitation = ssvc::exploitation(f.in_kev, !f.exploits.empty());
  const auto automatable = f.cvss ? ssvc::automatable(*f.cvss) : std::nullopt;
  e.automatable = automatable.value_or(ssvc::Automatable::yes);
  int level = e.exposure >= Exposure::adjacent ? 1 : 0;
  std::vector<std::string> why;
  if (e.exploitation == ssvc::Exploitation::active) {
    level += 2;
    why.push_back("CISA lists it as exploited in the wild");
  } else if (e.exploitation == ssvc::Exploitation::public_poc) {
    level += 1;
    why.push_back("a public exploit exists");
  }
  if (f.epss && *f.epss >= kEpssLikely) {
    level += 1;
    char buf[64];
    std::snprintf(buf, sizeof buf, "EPSS puts exploitation within 30 days at %.0f%%",
                  *f.epss * 100);
    why.push_back(buf);
  }
  if (e.automatable == ssvc::Automatable::yes && e.exposure == Exposure::network) {
    level += 1;
    why.push_back(automatable ? "an attack over the network needs no privileges or user action"
                              : "an automatable network attack is assumed, the CVSS vector "
                                "being absent or unable to tell");
  }
  std::vector<std::string> controls;
  for (const auto& c : p.controls) {
    bool applies = c.components.empty();
    for (const auto& s : c.components)
      applies = applies || s.matches(f.component_name, f.component_purl);
    if (applies) {
      --level;
      controls.push_back(c.id + " (" + c.description + ")");
    }
  }
  e.exploitability = static_cast<Exploitability>(std::clamp(level, 0, 2));
  e.explanation.push_back("Exploitability is " + std::string(name(e.exploitability)) +
                          (why.empty() ? ": no exploitation is reported" : ": " + join(why)) +
                          (controls.empty() ? "" : "; lowered by " + join(controls)) + ".");

  // 3. The worst credible patient harm.
  const Effects fx = effects_of(f.cvss);
  const Hazard* worst = nullptr;
  for (const auto& h : p.hazards) {
    for (const auto& fn : h.functions) {
      if (std::find(e.functions.begin(), e.functions.end(), fn) == e.functions.end()) continue;
      // Tampering or denial harms through any function; disclosure only
      // through secrets (stolen keys open control). Loss of PHI alone is
      // not patient harm.
      const bool reaches = fx.i || fx.a || (fx.c && fn == "secrets");
      if (reaches && (worst == nullptr || h.severity > worst->severity)) worst = &h;
    }
  }
  e.harm = worst ? worst->severity : Harm::negligible;
  if (worst) {
    e.explanation.push_back("The worst credible harm is " + std::string(name(e.harm)) + ": " +
                            worst->id + " (" + worst->description + ") depends on a function " +
                            who + " serves.");
  } else {
    e.explanation.push_back(
        "No hazard of the profile depends on what this vulnerability can affect, so the harm is "
        "negligible" +
        std::string(fx.c && !fx.i && !fx.a ? " (disclosure of data alone is not patient harm)."
                                           : "."));
  }

  // 4. Controlled or uncontrolled, by the maker's acceptability matrix.
  const Harm limit = p.unacceptable_from[static_cast<size_t>(e.exploitability)];
  e.uncontrolled = e.harm >= limit;
  e.explanation.push_back(
      std::string(e.uncontrolled ? "Uncontrolled risk" : "Controlled risk") + ": at " +
      std::string(name(e.exploitability)) + " exploitability the profile accepts harm below " +
      std::string(name(limit)) + ", and this harm is " + std::string(name(e.harm)) + ".");

  // 5. SSVC supplier priority.
  e.technical_impact = f.cvss ? ssvc::technical_impact(*f.cvss) : ssvc::TechnicalImpact::total;
  e.utility = ssvc::utility(e.automatable, p.value_density);
  e.public_safety = ssvc::public_safety_impact(safety_impact(e.harm));
  e.priority =
      ssvc::supplier_priority(e.exploitation, e.utility, e.technical_impact, e.public_safety);
  e.explanation.push_back(
      "SSVC supplier priority " + std::string(ssvc::name(e.priority)) + " (exploitation " +
      std::string(ssvc::name(e.exploitation)) + ", utility " + std::string(ssvc::name(e.utility)) +
      ", technical impact " + std::string(ssvc::name(e.technical_impact)) +
      ", public safety impact " + std::string(ssvc::name(e.public_safety)) + ").");

  // 6. Deadlines, from the day the maker learned of it.
  if (e.uncontrolled) {
    e.communicate_by = format_date(*learned_day + p.communicate_days);
    e.fix_by = format_date(*learned_day + p.fix_days);
    e.explanation.push_back("Customers must be informed by " + e.communicate_by +
                            " and a validated fix distributed by " + e.fix_by + ".");
  } else if (const auto it = p.sla_days.find(e.priority); it != p.sla_days.end()) {
    e.fix_by = format_date(*learned_day + it->second);
    e.explanation.push_back("Fix in a routine update by " + e.fix_by + " (the profile's " +
                            std::to_string(it->second) + " days for " +
                            std::string(ssvc::name(e.priority)) + ").");
  } else {
    e.explanation.push_back("Fix in the next routine update.");
  }

  // 7. 21 CFR 806.
  if (!e.uncontrolled) {
    e.report_806 = "not required";
    e.explanation.push_back(
        std::string("No 806 report: controlled risk is remedied by routine updates") +
        (p.submission == "PMA" ? ", and listed in the PMA annual report." : "."));
    return e;
  }
  Condition adverse{"no known serious adverse event or death", "unknown",
                    "the profile does not record adverse events"};
  if (p.adverse_events) {
    const bool known = std::find(p.adverse_events->begin(), p.adverse_events->end(),
                                 f.vulnerability) != p.adverse_events->end();
    adverse.status = known ? "not met" : "met";
    adverse.explanation = known ? "the profile records a serious adverse event or death"
                                : "the profile records none for this vulnerability";
  }
  e.conditions = {
      adverse,
      {"customers informed within " + std::to_string(p.communicate_days) + " days", "unknown",
       "due by " + e.communicate_by},
      {"validated fix distributed within " + std::to_string(p.fix_days) + " days", "unknown",
       "due by " + e.fix_by},
      {"active ISAO member", p.isao_member ? "met" : "not met",
       p.isao_member ? "the profile says so" : "the profile says the maker is not a member"},
  };
  const auto count = [&](const char* s) {
    return std::count_if(e.conditions.begin(), e.conditions.end(),
                         [s](const Condition& c) { return c.status == s; });
  };
  if (count("not met") > 0) {
    e.report_806 = "required";
    std::vector<std::string> failed;
    for (const auto& c : e.conditions) {
      if (c.status == "not met") failed.push_back(c.name);
    }
    e.explanation.push_back("An 806 report is required: a condition for exemption is not met (" +
                            join(failed) + ").");
  } else if (count("met") == static_cast<long>(e.conditions.size())) {
    e.report_806 = "exempt";
    e.explanation.push_back("No 806 report: all four conditions are met.");
  } else {
    e.report_806 = "exempt if met";
    e.explanation.push_back("No 806 report if the open conditions are met: inform customers by " +
                            e.communicate_by + " and distribute a validated fix by " + e.fix_by +
                            ".");
  }
  return e;
}

}  // namespace vigil::triage
