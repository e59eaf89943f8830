#include "triage/profile.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/dates.h"
#include "core/text.h"

namespace vigil::triage {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 5> kHarm = {"negligible", "minor", "serious", "critical",
                                                   "catastrophic"};
constexpr std::array<std::string_view, 3> kExploitability = {"low", "medium", "high"};
constexpr std::array<std::string_view, 4> kExposure = {"physical", "local", "adjacent", "network"};

template <class E, size_t N>
std::optional<E> find(std::string_view text, const std::array<std::string_view, N>& names) {
  for (size_t i = 0; i < N; ++i) {
    if (iequals(text, names[i])) return static_cast<E>(i);
  }
  return std::nullopt;
}

template <size_t N>
std::string choices(const std::array<std::string_view, N>& names) {
  std::string out;
  for (size_t i = 0; i < N; ++i) out += (i ? ", " : "") + std::string(names[i]);
  return out;
}

// Reading with a JSON pointer for every message.
struct Reader {
  std::string source;
  std::optional<Error> error;

  bool fail(const std::string& at, const std::string& message) {
    if (!error) error = Error{message, source + "#" + at};
    return false;
  }
  std::string text(const Json& o, const char* key, const std::string& at, bool required = false) {
    const auto it = o.find(key);
    if (it == o.end()) {
      if (required) fail(at + "/" + key, "is missing");
      return {};
    }
    if (!it->is_string()) {
      fail(at + "/" + key, "must be a string");
      return {};
    }
    return it->get<std::string>();
  }
  template <class E, size_t N>
  std::optional<E> choice(const Json& o, const char* key, const std::string& at,
                          const std::array<std::string_view, N>& names) {
    const auto it = o.find(key);
    if (it == o.end()) return std::nullopt;
    const auto v = it->is_string() ? find<E>(it->get<std::string>(), names) : std::nullopt;
    if (!v) fail(at + "/" + key, "must be one of " + choices(names));
    return v;
  }
  std::vector<std::string> strings(const Json& o, const char* key, const std::string& at) {
    std::vector<std::string> out;
    const auto it = o.find(key);
    if (it == o.end()) return out;
    if (!it->is_array()) {
      fail(at + "/" + key, "must be an array of strings");
      return out;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) {
        fail(at + "/" + key + "/" + std::to_string(i), "must be a string");
        continue;
      }
      out.push_back((*it)[i].get<std::string>());
    }
    return out;
  }
  std::vector<std::string> functions(const Json& o, const std::string& at) {
    auto out = strings(o, "functions", at);
    for (size_t i = 0; i < out.size(); ++i) {
      if (std::find(kFunctions.begin(), kFunctions.end(), out[i]) == kFunctions.end()) {
        fail(at + "/functions/" + std::to_string(i),
             quote(out[i]) + " is not a function Vigil knows (" + choices(kFunctions) + ")");
      }
    }
    return out;
  }
  int days(const Json& o, const char* key, const std::string& at, int fallback) {
    const auto it = o.find(key);
    if (it == o.end()) return fallback;
    if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 3650) {
      fail(at + "/" + key, "must be a whole number of days from 1 to 3650");
      return fallback;
    }
    return it->get<int>();
  }
  ComponentSelector selector(const Json& o, const std::string& at) {
    ComponentSelector s{text(o, "name", at), text(o, "purl", at)};
    if (s.name.empty() && s.purl.empty()) fail(at, "needs a 'name' or a 'purl'");
    return s;
  }
  RubricAnswers rubric(const Json& o, const std::string& at) {
    RubricAnswers out;
    if (const auto v = o.find("cvss_version"); v != o.end()) {
      if (*v == "3.1") {
        out.version = cvss::Version::v3_1;
      } else if (*v != "3.0") {
        fail(at + "/cvss_version", "must be \"3.0\" (the rubric's) or \"3.1\"");
      }
    }
    const auto it = o.find("answers");
    if (it == o.end() || !it->is_object()) {
      fail(at + "/answers", "must be an object of answers by question code (XAVN, XACL, ...)");
      return out;
    }
    for (const auto& [code, value] : it->items()) {
      const std::string here = at + "/answers/" + code;
      const cvss::rubric::Question* q = cvss::rubric::find(code);
      if (q == nullptr) {
        fail(here, "is not a question of the rubric");
        continue;
      }
      const Json* answer = &value;
      if (value.is_object()) {
        const std::string note = text(value, "note", here);
        if (!note.empty()) out.notes[std::string(q->code)] = note;
        answer = value.contains("answer") ? &value["answer"] : nullptr;
      }
      if (answer == nullptr || !answer->is_string()) {
        fail(here, "must be an answer, or an object with an \"answer\" and a \"note\"");
        continue;
      }
      auto a = cvss::rubric::parse_answer(*q, answer->get<std::string>());
      if (!a) {
        fail(here, a.error().message);
        continue;
      }
      out.answers[std::string(q->code)] = *a;
    }
    return out;
  }
  // {"value": ..., "rationale": ...} at `key`, if present.
  template <class E>
  std::optional<Override<E>> override_of(const Json& o, const char* key, const std::string& at) {
    const auto it = o.find(key);
    if (it == o.end()) return std::nullopt;
    const std::string here = at + "/" + key;
    if (!it->is_object()) {
      fail(here, "must be an object with a \"value\" and a \"rationale\"");
      return std::nullopt;
    }
    const std::string value = text(*it, "value", here, true);
    const auto v = ssvc::parse<E>(value);
    if (!v && !value.empty()) fail(here + "/value", quote(value) + " is not a value of " + key);
    const std::string rationale = text(*it, "rationale", here, true);
    if (!v || rationale.empty()) {
      if (rationale.empty() && it->contains("rationale"))
        fail(here + "/rationale", "must say why the value is set");
      return std::nullopt;
    }
    return Override<E>{*v, rationale};
  }
  // Calls read(object, its pointer) for each element of the array at `key`,
  // naming those that are not objects.
  template <class Read>
  void objects(const Json& o, const char* key, const std::string& at, Read read) {
    const auto it = o.find(key);
    if (it == o.end()) return;
    if (!it->is_array()) {
      fail(at + "/" + key, "must be an array");
      return;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      const std::string element = at + "/" + key + "/" + std::to_string(i);
      if ((*it)[i].is_object()) {
        read((*it)[i], element);
      } else {
        fail(element, "must be an object");
      }
    }
  }
};

}  // namespace

std::string_view name(Harm h) { return kHarm[static_cast<size_t>(h)]; }
std::string_view name(Exploitability e) { return kExploitability[static_cast<size_t>(e)]; }
std::string_view name(Exposure e) { return kExposure[static_cast<size_t>(e)]; }

const Assessment* Profile::assessment(std::string_view vulnerability,
                                      std::string_view component_name,
                                      std::string_view component_purl) const {
  for (const Assessment& a : assessments) {
    if (iequals(a.vulnerability, vulnerability) &&
        (!a.component || a.component->matches(component_name, component_purl)))
      return &a;
  }
  return nullptr;
}

bool ComponentSelector::matches(std::string_view component_name,
                                std::string_view component_purl) const {
  if (!name.empty() && iequals(name, component_name)) return true;
  if (purl.empty() || !component_purl.starts_with(purl)) return false;
  const std::string_view rest = component_purl.substr(purl.size());
  return rest.empty() || rest[0] == '@' || rest[0] == '?' || rest[0] == '#';
}

Result<Profile> read_profile(std::string_view text, const std::string& source) {
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error{"not a product profile: expected a JSON object", source};
  Reader r{source, std::nullopt};
  Profile p;
  p.product = r.text(j, "product", "", true);
  p.device_class = r.text(j, "device_class", "");
  p.submission = r.text(j, "submission", "");
  if (const auto it = j.find("isao_member"); it != j.end()) {
    if (!it->is_boolean())
      r.fail("/isao_member", "must be true or false");
    else
      p.isao_member = it->get<bool>();
  }
  if (const auto it = j.find("value_density"); it != j.end()) {
    const auto v =
        it->is_string() ? ssvc::parse<ssvc::ValueDensity>(it->get<std::string>()) : std::nullopt;
    if (!v)
      r.fail("/value_density", "must be diffuse or concentrated");
    else
      p.value_density = *v;
  }
  r.objects(j, "hazards", "", [&](const Json& h, const std::string& at) {
    Hazard hz;
    hz.id = r.text(h, "id", at, true);
    hz.description = r.text(h, "description", at);
    const auto sev = r.choice<Harm>(h, "severity", at, kHarm);
    if (!sev && !h.contains("severity")) r.fail(at + "/severity", "is missing");
    hz.severity = sev.value_or(Harm::catastrophic);
    hz.functions = r.functions(h, at);
    if (hz.functions.empty()) r.fail(at + "/functions", "must name at least one function");
    p.hazards.push_back(std::move(hz));
  });
  r.objects(j, "components", "", [&](const Json& c, const std::string& at) {
    ComponentRule rule;
    rule.selector = r.selector(c, at);
    rule.functions = r.functions(c, at);
    rule.exposure = r.choice<Exposure>(c, "exposure", at, kExposure).value_or(Exposure::network);
    p.components.push_back(std::move(rule));
  });
  if (const auto it = j.find("default"); it != j.end()) {
    if (!it->is_object()) {
      r.fail("/default", "must be an object");
    } else {
      p.default_functions = r.functions(*it, "/default");
      p.default_exposure =
          r.choice<Exposure>(*it, "exposure", "/default", kExposure).value_or(Exposure::network);
    }
  }
  r.objects(j, "controls", "", [&](const Json& c, const std::string& at) {
    Control ctl{r.text(c, "id", at, true), r.text(c, "description", at, true), {}};
    r.objects(c, "components", at, [&](const Json& sel, const std::string& sat) {
      ctl.components.push_back(r.selector(sel, sat));
    });
    p.controls.push_back(std::move(ctl));
  });
  if (const auto it = j.find("acceptability"); it != j.end()) {
    if (!it->is_object()) {
      r.fail("/acceptability", "must map low, medium and high to the least unacceptable harm");
    } else {
      for (size_t e = 0; e < kExploitability.size(); ++e) {
        const std::string key(kExploitability[e]);
        if (auto h = r.choice<Harm>(*it, key.c_str(), "/acceptability", kHarm))
          p.unacceptable_from[e] = *h;
      }
      if (!(p.unacceptable_from[0] >= p.unacceptable_from[1] &&
            p.unacceptable_from[1] >= p.unacceptable_from[2])) {
        r.fail("/acceptability", "a more exploitable vulnerability cannot tolerate more harm");
      }
    }
  }
  if (const auto it = j.find("clocks"); it != j.end() && it->is_object()) {
    p.communicate_days = r.days(*it, "communicate_days", "/clocks", 30);
    p.fix_days = r.days(*it, "fix_days", "/clocks", 60);
  }
  if (const auto it = j.find("sla_days"); it != j.end()) {
    if (!it->is_object()) {
      r.fail("/sla_days", "must map SSVC priorities to days");
    } else {
      for (const auto& [key, value] : it->items()) {
        const auto prio = ssvc::parse<ssvc::Priority>(key);
        if (!prio) {
          r.fail("/sla_days/" + key, "is not an SSVC priority (immediate, out-of-cycle, ...)");
          continue;
        }
        if (value.is_null()) {
          p.sla_days.erase(*prio);  // the next routine update
        } else {
          p.sla_days[*prio] = r.days(*it, key.c_str(), "/sla_days", 30);
        }
      }
    }
  }
  if (j.contains("adverse_events")) p.adverse_events = r.strings(j, "adverse_events", "");
  r.objects(j, "assessments", "", [&](const Json& o, const std::string& at) {
    Assessment a;
    a.vulnerability = r.text(o, "vulnerability", at, true);
    if (const auto c = o.find("component"); c != o.end()) {
      if (c->is_object())
        a.component = r.selector(*c, at + "/component");
      else
        r.fail(at + "/component", "must be an object with a 'name' or a 'purl'");
    }
    if (const auto q = o.find("rubric"); q != o.end()) {
      if (q->is_object())
        a.rubric = r.rubric(*q, at + "/rubric");
      else
        r.fail(at + "/rubric", "must be an object with \"answers\"");
    }
    if (const auto t = o.find("penetration_test"); t != o.end()) {
      const std::string here = at + "/penetration_test";
      if (!t->is_object()) {
        r.fail(here, "must be an object with a \"result\" and a \"reference\"");
      } else {
        const std::string result = r.text(*t, "result", here, true);
        if (!result.empty() && result != "exploited" && result != "not exploited")
          r.fail(here + "/result", "must be \"exploited\" or \"not exploited\"");
        a.penetration_test = PenetrationTest{
            result == "exploited", r.text(*t, "reference", here, true), r.text(*t, "date", here)};
        if (!a.penetration_test->date.empty() && !parse_date(a.penetration_test->date))
          r.fail(here + "/date", "must be YYYY-MM-DD");
      }
    }
    for (const auto& [key, field] : {std::pair{"customers_informed", &a.customers_informed},
                                     std::pair{"fix_distributed", &a.fix_distributed}}) {
      *field = r.text(o, key, at);
      if (!field->empty() && !parse_date(*field)) r.fail(at + "/" + key, "must be YYYY-MM-DD");
    }
    if (const auto d = o.find("ssvc"); d != o.end()) {
      const std::string here = at + "/ssvc";
      if (!d->is_object()) {
        r.fail(here, "must be an object of SSVC decision points");
      } else {
        for (const auto& [key, value] : d->items()) {
          if (key != "exploitation" && key != "automatable" && key != "technical_impact" &&
              key != "public_safety_impact")
            r.fail(here + "/" + key,
                   "is not a decision point that can be set (exploitation, automatable, "
                   "technical_impact, public_safety_impact)");
        }
        a.exploitation = r.override_of<ssvc::Exploitation>(*d, "exploitation", here);
        a.automatable = r.override_of<ssvc::Automatable>(*d, "automatable", here);
        a.technical_impact = r.override_of<ssvc::TechnicalImpact>(*d, "technical_impact", here);
        a.public_safety_impact =
            r.override_of<ssvc::PublicSafetyImpact>(*d, "public_safety_impact", here);
      }
    }
    p.assessments.push_back(std::move(a));
  });
  if (r.error) return *r.error;
  return p;
}

Result<RubricAnswers> read_rubric_answers(std::string_view text, const std::string& source) {
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error{"not rubric answers: expected a JSON object with \"answers\"", source};
  Reader r{source, std::nullopt};
  RubricAnswers out = r.rubric(j, "");
  if (r.error) return *r.error;
  return out;
}

}  // namespace vigil::triage
