#include "cvss/rubric.h"

#include <algorithm>

#include "core/text.h"

namespace vigil::cvss::rubric {
namespace {

constexpr std::string_view kPhi = kCategories[0];
constexpr std::string_view kDiagnosis = kCategories[1];
constexpr std::string_view kTherapy = kCategories[2];
constexpr std::string_view kWorkflow = kCategories[3];
constexpr std::string_view kSecrets = kCategories[4];
constexpr std::string_view kOther = kCategories[5];

constexpr std::string_view kRead = "Can this data or functionality be read/exposed?";
constexpr std::string_view kModify = "Can this data or functionality be modified/deleted?";
constexpr std::string_view kDeny = "Can this data or functionality be rendered inaccessible?";

// The rubric's questions (wording as in mitre/md-cvss-rubric-tools), in the
// order of its decision flow.
constexpr std::array<Question, 31> kQuestions = {{
    {"XAVN", "Q1", "AV", "",
     "Can the attacker utilize some type of network or communication protocol to exploit this "
     "vulnerability?"},
    {"XAVT", "Q2", "AV", "",
     "Does the network use OSI layer 3 or 4 protocols, e.g. IP, TCP/IP, or UDP?"},
    {"XAVW", "Q3", "AV", "", "Is the communication over a wireless channel?"},
    {"XAVR", "Q4", "AV", "", "Is the range approximately 10 feet or less?"},
    {"XAVP", "Q5", "AV", "", "Must the attacker have physical contact with the device?"},
    {"XAVPA", "Q5.1", "AV", "",
     "Is the device accessed through a \"human-user interface,\" i.e. a user interface intended "
     "for manual operation by device users?"},
    {"XACL", "Q1", "AC", "",
     "Can the attacker attempt to exploit the vulnerability at will, i.e., without requiring any "
     "special circumstances, configurations, or use of other vulnerabilities or attacks before "
     "attacking this vulnerability?"},
    {"XPRL", "Q1", "PR", "",
     "Does the device/component use an authorization model that supports login for multiple "
     "different users or roles with different privilege levels?"},
    {"XPRZ", "Q2", "PR", "",
     "Before attempting to exploit the vulnerability, must the attacker be authorized to the "
     "affected component?"},
    {"XPRS", "Q3", "PR", "",
     "Must the attacker have administrator, maintainer, or other system-level privileges to "
     "attempt to exploit the vulnerability?"},
    {"XUI", "Q1", "UI", "",
     "To successfully exploit the vulnerability, must the attacker depend on another user or "
     "victim to perform an action or otherwise interact with the system?"},
    {"XS", "Q1", "S", "",
     "Can the attacker affect a component whose authority (\"authorization scope\") is different "
     "than that of the vulnerable component?"},
    {"XCP", "Q1.C", "C", kPhi, "Can this data be read?", true},
    {"XCPM", "Q1.1.C", "C", kPhi,
     "Can the exposed data cover a large number of patients, e.g. 500 or more, which may force "
     "regulatory action or data breach notification (e.g. HIPAA, GDPR)?"},
    {"XIP", "Q1.I", "I", kPhi, "Can this data be modified/deleted?", true},
    {"XAP", "Q1.A", "A", kPhi, "Can this data be rendered inaccessible?", true},
    {"XCD", "Q2.C", "C", kDiagnosis, kRead, true},
    {"XID", "Q2.I", "I", kDiagnosis, kModify, true},
    {"XAD", "Q2.A", "A", kDiagnosis, kDeny, true},
    {"XCT", "Q3.C", "C", kTherapy, kRead, true},
    {"XIT", "Q3.I", "I", kTherapy, kModify, true},
    {"XAT", "Q3.A", "A", kTherapy, kDeny, true},
    {"XCW", "Q4.C", "C", kWorkflow, kRead, true},
    {"XIW", "Q4.I", "I", kWorkflow, kModify, true},
    {"XAW", "Q4.A", "A", kWorkflow, kDeny, true},
    {"XCS", "Q5.C", "C", kSecrets, kRead, true},
    {"XIS", "Q5.I", "I", kSecrets, kModify, true},
    {"XAS", "Q5.A", "A", kSecrets, kDeny, true},
    {"XCO", "Q6.C", "C", kOther, kRead, true},
    {"XIO", "Q6.I", "I", kOther, kModify, true},
    {"XAO", "Q6.A", "A", kOther, kDeny, true},
}};

constexpr std::array<std::string_view, 6> kAnswerNames = {"YES",  "NO",  "UNKNOWN",
                                                          "HIGH", "LOW", "NONE"};

// The answer on record, or UNKNOWN when there is none.
Answer get(const Answers& a, std::string_view code) {
  const auto it = a.find(code);
  return it == a.end() ? Answer::unknown : it->second;
}

std::optional<Answer> given(const Answers& a, std::string_view code) {
  const auto it = a.find(code);
  if (it == a.end()) return std::nullopt;
  return it->second;
}

char letter(Answer a) { return name(a)[0]; }

// "(XAVN YES, XAVT NO)", marking answers that were missing.
std::string because(const Answers& a, std::initializer_list<std::string_view> codes) {
  std::string out = " (";
  bool first = true;
  for (const std::string_view code : codes) {
    out += (first ? "" : ", ") + std::string(code) + " " + std::string(name(get(a, code)));
    if (!a.contains(code)) out += ", not answered";
    first = false;
  }
  return out + ")";
}

struct Metric {
  char value;
  std::string sentence;
};

Metric attack_vector(const Answers& a) {
  const Answer network = get(a, "XAVN");
  if (network == Answer::unknown)
    return {'N',
            "AV:N: whether a network or communication protocol can be used is unknown, so "
            "the worst case is taken" +
                because(a, {"XAVN"}) + "."};
  if (network == Answer::yes) {
    const Answer ip = get(a, "XAVT");
    if (ip != Answer::no)
      return {'N', std::string("AV:N: the attacker can use a communication protocol") +
                       (ip == Answer::yes ? " at OSI layer 3 or 4"
                                          : " that may be IP-based (worst case)") +
                       because(a, {"XAVN", "XAVT"}) + "."};
    if (get(a, "XAVR") == Answer::yes)
      return {'L',
              "AV:L: the attacker needs a non-IP channel with a range of about 10 feet or "
              "less" +
                  because(a, {"XAVN", "XAVT", "XAVR"}) + "."};
    return {'A', std::string("AV:A: the attacker needs a non-IP network or channel") +
                     (get(a, "XAVR") == Answer::no ? " reaching beyond 10 feet"
                                                   : " whose range is unknown (worst case)") +
                     because(a, {"XAVN", "XAVT", "XAVR"}) + "."};
  }
  if (get(a, "XAVP") == Answer::yes)
    return {'P', "AV:P: the attacker must have physical contact with the device" +
                     because(a, {"XAVN", "XAVP"}) + "."};
  return {'L', std::string("AV:L: no communication protocol can be used, and ") +
                   (get(a, "XAVP") == Answer::no
                        ? "no physical contact is needed"
                        : "whether physical contact is needed is unknown (worst case)") +
                   because(a, {"XAVN", "XAVP"}) + "."};
}

Metric attack_complexity(const Answers& a) {
  switch (get(a, "XACL")) {
    case Answer::no:
      return {'H', "AC:H: success depends on circumstances beyond the attacker's control" +
                       because(a, {"XACL"}) + "."};
    case Answer::yes:
      return {'L',
              "AC:L: the attacker can attempt the exploit at will" + because(a, {"XACL"}) + "."};
    default:
      return {'L', "AC:L: whether the exploit can be attempted at will is unknown (worst case)" +
                       because(a, {"XACL"}) + "."};
  }
}

Metric privileges(const Answers& a) {
  const Answer model = get(a, "XPRL");
  if (model != Answer::yes)
    return {'N', std::string("PR:N") +
                     (model == Answer::no
                          ? ": the component has no multi-user authorization model"
                          : ": whether the component has an authorization model is unknown "
                            "(worst case)") +
                     because(a, {"XPRL"}) + "."};
  const Answer authorised = get(a, "XPRZ");
  if (authorised != Answer::yes)
    return {'N', std::string("PR:N: ") +
                     (authorised == Answer::no
                          ? "the attacker need not be authorized to the component"
                          : "whether the attacker must be authorized is unknown (worst case)") +
                     because(a, {"XPRL", "XPRZ"}) + "."};
  const Answer admin = get(a, "XPRS");
  if (admin == Answer::yes)
    return {'H', "PR:H: the attacker needs administrator, maintainer or system privileges" +
                     because(a, {"XPRL", "XPRZ", "XPRS"}) + "."};
  return {'L', std::string("PR:L: the attacker must be authorized") +
                   (admin == Answer::no ? ", as an ordinary user"
                                        : "; whether as an administrator is unknown (worst case)") +
                   because(a, {"XPRL", "XPRZ", "XPRS"}) + "."};
}

Metric user_interaction(const Answers& a) {
  const Answer ui = get(a, "XUI");
  if (ui == Answer::yes)
    return {'R',
            "UI:R: another user must act for the exploit to succeed" + because(a, {"XUI"}) + "."};
  return {'N', std::string("UI:N: ") +
                   (ui == Answer::no ? "no one else need act"
                                     : "whether another user must act is unknown (worst case)") +
                   because(a, {"XUI"}) + "."};
}

Metric scope(const Answers& a) {
  const Answer s = get(a, "XS");
  if (s == Answer::no)
    return {'U', "S:U: only components under the vulnerable one's authority are affected" +
                     because(a, {"XS"}) + "."};
  return {'C', std::string("S:C: ") +
                   (s == Answer::yes ? "the attacker can affect a component under another authority"
                                     : "whether another authority is reached is unknown (worst "
                                       "case)") +
                   because(a, {"XS"}) + "."};
}

int grade(Answer a) {  // 0 none, 1 low, 2 high
  switch (a) {
    case Answer::none:
    case Answer::no:
      return 0;
    case Answer::low:
      return 1;
    default:
      return 2;  // high, unknown
  }
}

Metric impact(const Answers& a, std::string_view metric, std::string_view what) {
  int worst = 0;
  std::vector<std::string> reasons;
  for (const Question& q : kQuestions) {
    if (q.metric != metric || !q.graded) continue;
    int g = grade(get(a, q.code));
    std::string reason = std::string(q.category) + because(a, {q.code});
    if (q.code == "XCP" && g == 1 && get(a, "XCPM") != Answer::no) {
      g = 2;  // a breach of 500 or more patients' records
      reason = std::string(q.category) + ", of 500 or more patients" +
               (get(a, "XCPM") == Answer::unknown ? " for all that is known" : "") +
               because(a, {"XCP", "XCPM"});
    }
    if (g > worst) reasons.clear(), worst = g;
    if (g == worst && g > 0) reasons.push_back(std::move(reason));
  }
  const char value = "NLH"[worst];
  std::string sentence = std::string(metric) + ":" + value + ": ";
  if (worst == 0)
    return {value, sentence + "no data or functionality can be " + std::string(what) + "."};
  sentence += (worst == 2 ? "serious loss: " : "limited loss: ");
  for (size_t i = 0; i < reasons.size(); ++i) sentence += (i ? "; " : "") + reasons[i];
  return {value, sentence + "."};
}

}  // namespace

std::string_view name(Answer a) { return kAnswerNames[static_cast<size_t>(a)]; }

const std::array<Question, 31>& questions() { return kQuestions; }

const Question* find(std::string_view code) {
  for (const Question& q : kQuestions) {
    if (iequals(q.code, code)) return &q;
  }
  return nullptr;
}

Result<Answer> parse_answer(const Question& q, std::string_view text) {
  const std::string_view t = trim(text);
  for (size_t i = 0; i < kAnswerNames.size(); ++i) {
    const auto a = static_cast<Answer>(i);
    if (!iequals(t, kAnswerNames[i]) &&
        !(t.size() == 1 && iequals(t, kAnswerNames[i].substr(0, 1))))
      continue;
    // "N" is NO to a yes/no question and NONE to a graded one.
    if (q.graded) {
      if (a == Answer::yes)
        return Error{std::string(q.code) +
                         " asks how much could be lost: answer HIGH, LOW, NONE "
                         "or UNKNOWN, not YES",
                     {}};
      return a == Answer::no ? Answer::none : a;
    }
    if (a == Answer::high || a == Answer::low || a == Answer::none)
      return Error{std::string(q.code) + " is answered YES, NO or UNKNOWN, not " + quote(t), {}};
    return a;
  }
  return Error{std::string(q.code) + ": " + quote(t) + " is not an answer (" +
                   (q.graded ? "HIGH, LOW, NONE or UNKNOWN" : "YES, NO or UNKNOWN") + ")",
               {}};
}

std::vector<const Question*> path(const Answers& a) {
  std::vector<const Question*> out;
  const auto ask = [&](std::string_view code) {
    out.push_back(find(code));
    return given(a, code);
  };
  if (const auto network = ask("XAVN"); network == Answer::yes) {
    if (ask("XAVT") == Answer::no) {
      ask("XAVW");
      ask("XAVR");
    }
  } else if (network == Answer::no) {
    if (ask("XAVP") == Answer::yes) ask("XAVPA");
  }
  ask("XACL");
  if (ask("XPRL") == Answer::yes && ask("XPRZ") == Answer::yes) ask("XPRS");
  ask("XUI");
  ask("XS");
  for (const Question& q : kQuestions) {
    if (!q.graded) continue;
    // The breach-size question only matters when PHI can be read but the
    // loss was judged limited.
    if (ask(q.code) == Answer::low && q.code == "XCP") ask("XCPM");
  }
  return out;
}

std::array<Loss, 6> losses(const Answers& a) {
  std::array<Loss, 6> out;
  for (const Question& q : kQuestions) {
    if (!q.graded) continue;
    const size_t i = static_cast<size_t>(
        std::find(kCategories.begin(), kCategories.end(), q.category) - kCategories.begin());
    const bool lost = grade(get(a, q.code)) > 0;
    (q.metric == "C"   ? out[i].confidentiality
     : q.metric == "I" ? out[i].integrity
                       : out[i].availability) = lost;
  }
  return out;
}

Rating rate(const Answers& a, Version version) {
  Rating r;
  const std::array<Metric, 8> metrics = {attack_vector(a),
                                         attack_complexity(a),
                                         privileges(a),
                                         user_interaction(a),
                                         scope(a),
                                         impact(a, "C", "read"),
                                         impact(a, "I", "modified"),
                                         impact(a, "A", "made inaccessible")};
  constexpr std::array<std::string_view, 8> kNames = {"AV", "AC", "PR", "UI", "S", "C", "I", "A"};
  std::string text = version == Version::v3_1 ? "CVSS:3.1" : "CVSS:3.0";
  for (size_t i = 0; i < metrics.size(); ++i) {
    text += "/" + std::string(kNames[i]) + ":" + metrics[i].value;
    r.explanation.push_back(metrics[i].sentence);
  }
  r.vector = *parse(text);
  r.base_score = *base_score(r.vector);
  r.extended = text;
  for (const Question* q : path(a)) {
    const auto answer = given(a, q->code);
    if (!answer) r.assumed.emplace_back(q->code);
    r.path.emplace_back(q, answer.value_or(Answer::unknown));
    r.extended += "/" + std::string(q->code) + ":" + letter(answer.value_or(Answer::unknown));
  }
  for (const auto& entry : a) {
    const bool on_path = std::any_of(r.path.begin(), r.path.end(),
                                     [&](const auto& p) { return p.first->code == entry.first; });
    if (!on_path) r.ignored.push_back(entry.first);
  }
  return r;
}

Result<Answers> parse_extended(std::string_view text) {
  Answers answers;
  std::string base;
  for (const std::string_view part : split(text, '/')) {
    const auto colon = part.find(':');
    const std::string_view key = part.substr(0, colon);
    if (colon != std::string_view::npos && !key.empty() && key[0] == 'X') {
      const Question* q = find(key);
      if (q == nullptr) return Error{quote(key) + " is not a question of the rubric", {}};
      auto answer = parse_answer(*q, part.substr(colon + 1));
      if (!answer) return answer.error();
      if (!answers.emplace(std::string(q->code), *answer).second)
        return Error{std::string(q->code) + " is answered twice", {}};
      continue;
    }
    base += (base.empty() ? "" : "/") + std::string(part);
  }
  auto vector = parse(base);
  if (!vector) return vector.error();
  if (vector->version != Version::v3_0 && vector->version != Version::v3_1)
    return Error{"the rubric gives CVSS v3 base metrics, not version " +
                     std::string(version_name(vector->version)),
                 {}};
  const Rating derived = rate(answers, vector->version);
  for (const auto& [metric, value] : derived.vector.metrics) {
    const std::string_view stated = vector->value(metric);
    if (stated != value)
      return Error{"the vector says " + metric + ":" + std::string(stated) +
                       " but its answers give " + metric + ":" + value,
                   {}};
  }
  return answers;
}

}  // namespace vigil::cvss::rubric
