#include "triage/evaluate.h"

#include <algorithm>
#include <cstdio>

#include "core/dates.h"
#include "core/text.h"
#include "cvss/rubric.h"

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

// The rubric's data category (cvss::rubric::kCategories) for a profile
// function: the two lists name the same six things.
std::optional<size_t> rubric_category(std::string_view function) {
  constexpr std::array<std::string_view, 6> kByCategory = {
      "PHI", "diagnosis/monitoring", "therapy delivery", "clinical workflow", "secrets", "other"};
  const auto it = std::find(kByCategory.begin(), kByCategory.end(), function);
  if (it == kByCategory.end()) return std::nullopt;
  return static_cast<size_t>(it - kByCategory.begin());
}

std::string reach(Exposure x) {
  switch (x) {
    case Exposure::network:
      return "over the network";
    case Exposure::adjacent:
      return "from an adjacent network";
    case Exposure::local:
      return "only locally";
    default:
      return "only with physical access";
  }
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

Result<Evaluation> evaluate(const FindingFacts& f, const Profile& p, const std::string& learned,
                            const std::string& as_of) {
  const auto learned_day = parse_date(learned);
  if (!learned_day) return Error{"the date learned must be YYYY-MM-DD, not " + quote(learned), {}};
  const auto today = as_of.empty() ? std::nullopt : parse_date(as_of);
  if (!as_of.empty() && !today)
    return Error{"the date of the evaluation must be YYYY-MM-DD, not " + quote(as_of), {}};
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
      " and is reachable " + reach(e.exposure) +
      (rule ? " (profile)." : " (the profile's default for unlisted components)."));

  // 2. The CVSS vector that rates the finding: the maker's own rubric
  // scoring for this device, when the profile has one, else the published.
  const Assessment* assessed = p.assessment(f.vulnerability, f.component_name, f.component_purl);
  std::optional<cvss::Vector> vec = f.cvss;
  if (assessed && assessed->rubric) {
    const auto rating = cvss::rubric::rate(assessed->rubric->answers, assessed->rubric->version);
    vec = rating.vector;
    e.cvss_vector = rating.extended;
    e.cvss_source = "rubric";
    char score[16];
    std::snprintf(score, sizeof score, "%.1f", rating.base_score);
    e.explanation.push_back(
        "The maker scored it for this device with the medical-device CVSS rubric: " +
        cvss::to_string(rating.vector) + " (base " + score + ")" +
        (rating.assumed.empty() ? ""
                                : ", " + std::to_string(rating.assumed.size()) +
                                      " unanswered question(s) taking the worst case") +
        "; this rates the finding in place of the published vector.");
    // The rubric's attack vector is this vulnerability's own way in, more
    // precise than the component's exposure.
    const std::string_view av = rating.vector.value("AV");
    const Exposure by_rubric = av == "N"   ? Exposure::network
                               : av == "A" ? Exposure::adjacent
                               : av == "L" ? Exposure::local
                                           : Exposure::physical;
    if (by_rubric != e.exposure) {
      e.exposure = by_rubric;
      e.explanation.push_back("By the rubric's attack vector this vulnerability is reachable " +
                              reach(e.exposure) + ".");
    }
  } else if (vec) {
    e.cvss_vector = cvss::to_string(*vec);
    e.cvss_source = "published";
  }
  const auto set_by_maker = [&](std::string_view point, std::string_view value,
                                const std::string& rationale) {
    e.explanation.push_back("The maker set SSVC " + std::string(point) + " to " +
                            std::string(value) + ": " + rationale + ".");
  };

  // 3. Exploitability where it sits.
  e.exploitation = ssvc::exploitation(f.in_kev, !f.exploits.empty());
  if (assessed && assessed->exploitation) {
    e.exploitation = assessed->exploitation->value;
    set_by_maker("exploitation", ssvc::name(e.exploitation), assessed->exploitation->rationale);
  }
  auto automatable = vec ? ssvc::automatable(*vec) : std::nullopt;
  if (assessed && assessed->automatable) {
    automatable = assessed->automatable->value;
    set_by_maker("automatable", ssvc::name(*automatable), assessed->automatable->rationale);
  }
  e.automatable = automatable.value_or(ssvc::Automatable::yes);
  int level = e.exposure >= Exposure::adjacent ? 1 : 0;
  std::vector<std::string> why;
  const bool exploitation_set = assessed && assessed->exploitation;
  if (e.exploitation == ssvc::Exploitation::active) {
    level += 2;
    why.push_back(exploitation_set ? "the maker knows it to be exploited in the wild"
                                   : "CISA lists it as exploited in the wild");
  } else if (e.exploitation == ssvc::Exploitation::public_poc) {
    level += 1;
    why.push_back(exploitation_set ? "the maker knows of a proof of concept"
                                   : "a public exploit exists");
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
    why.push_back(assessed && assessed->automatable
                      ? "the maker judges an attack over the network automatable"
                  : automatable ? "an attack over the network needs no privileges or user action"
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
  if (assessed && assessed->penetration_test) {
    const PenetrationTest& t = assessed->penetration_test.value();
    const std::string test =
        "penetration test " + t.reference + (t.date.empty() ? "" : " of " + t.date);
    if (t.exploited) {
      // Demonstrated on the device, with its controls in place.
      level = 2;
      why.push_back(test + " exploited it on this device" +
                    (controls.empty() ? "" : " with " + join(controls) + " in place"));
      controls.clear();
    } else {
      --level;
      controls.push_back(test + ", which could not exploit it on this device");
    }
  }
  e.exploitability = static_cast<Exploitability>(std::clamp(level, 0, 2));
  e.explanation.push_back("Exploitability is " + std::string(name(e.exploitability)) +
                          (why.empty() ? ": no exploitation is reported" : ": " + join(why)) +
                          (controls.empty() ? "" : "; lowered by " + join(controls)) + ".");

  // 4. The worst credible patient harm: through the functions the component
  // serves, as far as the vector's effects reach; with the maker's rubric
  // answers, through exactly the functions they find affected.
  const bool by_rubric = assessed && assessed->rubric;
  const auto rubric_losses = by_rubric ? cvss::rubric::losses(assessed->rubric->answers)
                                       : std::array<cvss::rubric::Loss, 6>{};
  const Effects fx = effects_of(vec);
  const Hazard* worst = nullptr;
  std::string through;
  for (const auto& h : p.hazards) {
    for (const auto& fn : h.functions) {
      Effects reach_fx = fx;
      if (by_rubric) {
        const auto category = rubric_category(fn);
        if (!category) continue;
        const cvss::rubric::Loss& l = rubric_losses[*category];
        reach_fx = {l.confidentiality, l.integrity, l.availability};
      } else if (std::find(e.functions.begin(), e.functions.end(), fn) == e.functions.end()) {
        continue;
      }
      // Tampering or denial harms through any function; disclosure only
      // through secrets (stolen keys open control). Loss of PHI alone is
      // not patient harm.
      const bool reaches = reach_fx.i || reach_fx.a || (reach_fx.c && fn == "secrets");
      if (reaches && (worst == nullptr || h.severity > worst->severity)) {
        worst = &h;
        through = fn;
      }
    }
  }
  e.harm = worst ? worst->severity : Harm::negligible;
  if (worst) {
    e.explanation.push_back("The worst credible harm is " + std::string(name(e.harm)) + ": " +
                            worst->id + " (" + worst->description + ") depends on " +
                            (by_rubric ? through + ", which the rubric answers find affected."
                                       : "a function " + who + " serves."));
  } else if (by_rubric) {
    e.explanation.push_back(
        "No hazard of the profile depends on a function the rubric answers find tampered with or "
        "made inaccessible, so the harm is negligible.");
  } else {
    e.explanation.push_back(
        "No hazard of the profile depends on what this vulnerability can affect, so the harm is "
        "negligible" +
        std::string(fx.c && !fx.i && !fx.a ? " (disclosure of data alone is not patient harm)."
                                           : "."));
  }

  // 5. Controlled or uncontrolled, by the maker's acceptability matrix.
  const Harm limit = p.unacceptable_from[static_cast<size_t>(e.exploitability)];
  e.uncontrolled = e.harm >= limit;
  e.explanation.push_back(
      std::string(e.uncontrolled ? "Uncontrolled risk" : "Controlled risk") + ": at " +
      std::string(name(e.exploitability)) + " exploitability the profile accepts harm below " +
      std::string(name(limit)) + ", and this harm is " + std::string(name(e.harm)) + ".");

  // 6. SSVC supplier priority.
  e.technical_impact = vec ? ssvc::technical_impact(*vec) : ssvc::TechnicalImpact::total;
  if (assessed && assessed->technical_impact) {
    e.technical_impact = assessed->technical_impact->value;
    set_by_maker("technical impact", ssvc::name(e.technical_impact),
                 assessed->technical_impact->rationale);
  }
  e.utility = ssvc::utility(e.automatable, p.value_density);
  e.public_safety = ssvc::public_safety_impact(safety_impact(e.harm));
  if (assessed && assessed->public_safety_impact) {
    e.public_safety = assessed->public_safety_impact->value;
    set_by_maker("public safety impact", ssvc::name(e.public_safety),
                 assessed->public_safety_impact->rationale);
  }
  e.priority =
      ssvc::supplier_priority(e.exploitation, e.utility, e.technical_impact, e.public_safety);
  e.explanation.push_back(
      "SSVC supplier priority " + std::string(ssvc::name(e.priority)) + " (exploitation " +
      std::string(ssvc::name(e.exploitation)) + ", utility " + std::string(ssvc::name(e.utility)) +
      ", technical impact " + std::string(ssvc::name(e.technical_impact)) +
      ", public safety impact " + std::string(ssvc::name(e.public_safety)) + ").");

  // 7. Deadlines, from the day the maker learned of it.
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

  // 8. 21 CFR 806.
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
  // A clock's condition: met when done by its deadline, not met when done
  // late or when the deadline passed with nothing recorded, else open.
  const auto clock = [&](std::string name, const std::string& done, const std::string& due,
                         const char* what) {
    Condition c{std::move(name), "unknown", "due by " + due};
    if (!done.empty()) {
      const bool in_time = *parse_date(done) <= *parse_date(due);
      c.status = in_time ? "met" : "not met";
      c.explanation = std::string(what) + " on " + done + (in_time ? ", by " : ", after ") + due;
    } else if (today && *today > *parse_date(due)) {
      c.status = "not met";
      c.explanation = "the deadline " + due + " passed with no record of it (as of " + as_of + ")";
    }
    return c;
  };
  e.conditions = {
      adverse,
      clock("customers informed within " + std::to_string(p.communicate_days) + " days",
            assessed ? assessed->customers_informed : "", e.communicate_by, "customers informed"),
      clock("validated fix distributed within " + std::to_string(p.fix_days) + " days",
            assessed ? assessed->fix_distributed : "", e.fix_by, "fix distributed"),
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
