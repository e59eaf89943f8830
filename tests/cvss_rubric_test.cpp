// The medical-device CVSS rubric: every question's mapping to its metric,
// walked as the decision flow (a question counts only on its path), UNKNOWN
// and unanswered questions taking the worst case, the calculator's formula
// reproduced wherever it agrees with that rule, the score capped at 10, and
// the extended vector re-deriving the same rating and catching an edited
// one. Answers files with errors are refused naming the answer; `vigil
// rubric` rates a file, re-derives a vector and asks on a terminal. With
// VIGIL_CORPUS, the questions match the rubric's published ones.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "cvss/rubric.h"
#include "support/fixtures.h"
#include "support/run.h"
#include "triage/profile.h"

namespace vigil::cvss::rubric {
namespace {

Answers answers(std::initializer_list<std::pair<const char*, const char*>> list) {
  Answers out;
  for (const auto& [code, text] : list) {
    const Question* q = find(code);
    EXPECT_NE(q, nullptr) << code;
    auto a = parse_answer(*q, text);
    EXPECT_TRUE(a.ok()) << code << " " << text;
    out[std::string(q->code)] = *a;
  }
  return out;
}

std::string metric(const Answers& a, std::string_view m) {
  return std::string(rate(a).vector.value(m));
}

// Every graded question answered NONE: impacts stay out of the way.
Answers no_impact() {
  Answers a;
  for (const Question& q : questions()) {
    if (q.graded) a[std::string(q.code)] = Answer::none;
  }
  return a;
}

TEST(Rubric, QuestionsAreTheRubricsThirtyOneWithUniqueCodes) {
  std::set<std::string_view> codes;
  for (const Question& q : questions()) {
    EXPECT_TRUE(codes.insert(q.code).second) << q.code;
    EXPECT_EQ(find(q.code), &q);
    const bool impact = q.metric == "C" || q.metric == "I" || q.metric == "A";
    EXPECT_EQ(q.graded, impact && q.code != "XCPM") << q.code;
  }
  EXPECT_EQ(codes.size(), 31u);
  EXPECT_EQ(find("xavn"), find("XAVN"));
  EXPECT_EQ(find("XAVQ"), nullptr);
}

TEST(Rubric, QuestionsMatchThePublishedRubric) {
  const auto corpus = testing::corpus_dir();
  if (!corpus) GTEST_SKIP() << testing::corpus_skip_message();
  const auto j = nlohmann::json::parse(testing::read_file(*corpus / "rubric/questions.json"));
  ASSERT_EQ(j["questions"].size(), questions().size());
  for (const auto& pq : j["questions"]) {
    const std::string code = pq["code"];
    const Question* q = find(code);
    ASSERT_NE(q, nullptr) << code;
    EXPECT_EQ(q->number, pq["question"].get<std::string>()) << code;
    const std::string m = pq["metric"];
    if (m == "C/I/A") {
      const std::string impact = pq["impact"];
      EXPECT_EQ(q->metric, std::string(1, static_cast<char>(std::toupper(impact[0])))) << code;
      EXPECT_EQ(q->category, pq["category"].get<std::string>()) << code;
    } else {
      EXPECT_EQ(q->metric, m) << code;
    }
    // Same wording, typographic quotes aside.
    std::string text = pq["text"];
    for (const char* curly : {"\u201c", "\u201d"}) {
      for (size_t at; (at = text.find(curly)) != std::string::npos;) text.replace(at, 3, "\"");
    }
    EXPECT_EQ(q->text, text) << code;
  }
}

TEST(Rubric, AnswersAreReadByWordOrInitialAndCheckedAgainstTheQuestion) {
  const Question& xavn = *find("XAVN");
  const Question& xct = *find("XCT");
  EXPECT_EQ(*parse_answer(xavn, "yes"), Answer::yes);
  EXPECT_EQ(*parse_answer(xavn, " N "), Answer::no);
  EXPECT_EQ(*parse_answer(xavn, "Unknown"), Answer::unknown);
  EXPECT_FALSE(parse_answer(xavn, "HIGH").ok());
  EXPECT_FALSE(parse_answer(xavn, "maybe").ok());
  EXPECT_EQ(*parse_answer(xct, "h"), Answer::high);
  EXPECT_EQ(*parse_answer(xct, "LOW"), Answer::low);
  EXPECT_EQ(*parse_answer(xct, "N"), Answer::none);   // NONE
  EXPECT_EQ(*parse_answer(xct, "no"), Answer::none);  // nothing can be read
  const auto yes = parse_answer(xct, "YES");
  ASSERT_FALSE(yes.ok());
  EXPECT_NE(yes.error().message.find("how much"), std::string::npos) << yes.error().message;
}

TEST(Rubric, AttackVectorFollowsTheDecisionFlow) {
  struct Case {
    std::initializer_list<std::pair<const char*, const char*>> given;
    const char* av;
  };
  const Case cases[] = {
      {{}, "N"},                                             // nothing known
      {{{"XAVN", "U"}}, "N"},                                // worst case
      {{{"XAVN", "Y"}, {"XAVT", "Y"}}, "N"},                 // IP network
      {{{"XAVN", "Y"}, {"XAVT", "U"}}, "N"},                 // may be IP
      {{{"XAVN", "Y"}}, "N"},                                // XAVT unanswered
      {{{"XAVN", "Y"}, {"XAVT", "N"}, {"XAVR", "Y"}}, "L"},  // NFC-like range
      {{{"XAVN", "Y"}, {"XAVT", "N"}, {"XAVR", "N"}}, "A"},  // Bluetooth, serial bus
      {{{"XAVN", "Y"}, {"XAVT", "N"}, {"XAVR", "U"}}, "A"},  // range unknown
      {{{"XAVN", "Y"}, {"XAVT", "N"}, {"XAVW", "Y"}, {"XAVR", "N"}}, "A"},
      {{{"XAVN", "N"}, {"XAVP", "Y"}}, "P"},                  // must touch it
      {{{"XAVN", "N"}, {"XAVP", "Y"}, {"XAVPA", "Y"}}, "P"},  // evidence only
      {{{"XAVN", "N"}, {"XAVP", "N"}}, "L"},
      {{{"XAVN", "N"}, {"XAVP", "U"}}, "L"},
      {{{"XAVN", "N"}}, "L"},                                // XAVP unanswered
      {{{"XAVN", "Y"}, {"XAVT", "Y"}, {"XAVP", "Y"}}, "N"},  // XAVP off the path
  };
  for (const Case& c : cases) {
    const Answers a = answers(c.given);
    EXPECT_EQ(metric(a, "AV"), c.av) << rate(a).extended;
  }
}

// The calculator's attack-vector formula (corpus rubric/README.md), over
// answers the spreadsheet holds: blank where a question is off the path.
char calculator_av(const Answers& a) {
  const auto is = [&](const char* code, Answer v) {
    const auto it = a.find(code);
    return it != a.end() && it->second == v;
  };
  if (is("XAVT", Answer::yes) || is("XAVN", Answer::unknown)) return 'N';
  if (is("XAVR", Answer::yes) || is("XAVP", Answer::no) || is("XAVP", Answer::unknown)) return 'L';
  if (is("XAVP", Answer::yes)) return 'P';
  return 'A';
}

TEST(Rubric, AttackVectorAgreesWithTheCalculatorExceptWhereUnknownMustBeWorst) {
  const Answer yn[] = {Answer::yes, Answer::no, Answer::unknown};
  int compared = 0;
  for (Answer n : yn) {
    for (Answer t : yn) {
      for (Answer r : yn) {
        for (Answer p : yn) {
          // Fill in only what the flow asks, as an analyst would.
          Answers a{{"XAVN", n}};
          if (n == Answer::yes) a["XAVT"] = t;
          if (n == Answer::yes && t == Answer::no) a["XAVR"] = r;
          if (n == Answer::no) a["XAVP"] = p;
          const char ours = metric(a, "AV")[0];
          if (n == Answer::yes && t == Answer::unknown) {
            // The spreadsheet falls through to adjacent; an unknown
            // protocol may be IP, so the worst case is network.
            EXPECT_EQ(calculator_av(a), 'A');
            EXPECT_EQ(ours, 'N');
            continue;
          }
          EXPECT_EQ(ours, calculator_av(a)) << rate(a).extended;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 20);
}

TEST(Rubric, ComplexityPrivilegesInteractionAndScope) {
  EXPECT_EQ(metric(answers({{"XACL", "Y"}}), "AC"), "L");
  EXPECT_EQ(metric(answers({{"XACL", "U"}}), "AC"), "L");
  EXPECT_EQ(metric(answers({{"XACL", "N"}}), "AC"), "H");

  EXPECT_EQ(metric(answers({{"XPRL", "N"}, {"XPRZ", "Y"}, {"XPRS", "Y"}}), "PR"), "N");
  EXPECT_EQ(metric(answers({{"XPRL", "U"}}), "PR"), "N");
  EXPECT_EQ(metric(answers({{"XPRL", "Y"}, {"XPRZ", "N"}}), "PR"), "N");
  EXPECT_EQ(metric(answers({{"XPRL", "Y"}, {"XPRZ", "U"}}), "PR"), "N");
  EXPECT_EQ(metric(answers({{"XPRL", "Y"}, {"XPRZ", "Y"}, {"XPRS", "Y"}}), "PR"), "H");
  EXPECT_EQ(metric(answers({{"XPRL", "Y"}, {"XPRZ", "Y"}, {"XPRS", "N"}}), "PR"), "L");
  EXPECT_EQ(metric(answers({{"XPRL", "Y"}, {"XPRZ", "Y"}, {"XPRS", "U"}}), "PR"), "L");
  EXPECT_EQ(metric(answers({{"XPRL", "Y"}, {"XPRZ", "Y"}}), "PR"), "L");

  EXPECT_EQ(metric(answers({{"XUI", "Y"}}), "UI"), "R");
  EXPECT_EQ(metric(answers({{"XUI", "N"}}), "UI"), "N");
  EXPECT_EQ(metric(answers({{"XUI", "U"}}), "UI"), "N");

  EXPECT_EQ(metric(answers({{"XS", "Y"}}), "S"), "C");
  EXPECT_EQ(metric(answers({{"XS", "U"}}), "S"), "C");
  EXPECT_EQ(metric(answers({{"XS", "N"}}), "S"), "U");
}

TEST(Rubric, EachImpactIsTheWorstOverTheDataCategories) {
  for (const Question& q : questions()) {
    if (!q.graded) continue;
    for (const auto& [answer, value] : {std::pair{Answer::high, "H"},
                                        {Answer::low, "L"},
                                        {Answer::none, "N"},
                                        {Answer::unknown, "H"}}) {
      Answers a = no_impact();
      a[std::string(q.code)] = answer;
      if (q.code == "XCP") a["XCPM"] = Answer::no;
      const Rating r = rate(a);
      for (const char* m : {"C", "I", "A"})
        EXPECT_EQ(r.vector.value(m), q.metric == m ? value : "N") << q.code << " " << m;
    }
    // Unanswered is UNKNOWN.
    Answers a = no_impact();
    a.erase(std::string(q.code));
    EXPECT_EQ(rate(a).vector.value(q.metric), "H") << q.code;
  }
  Answers a = no_impact();
  a["XIW"] = Answer::low;
  a["XIT"] = Answer::high;
  a["XID"] = Answer::low;
  EXPECT_EQ(rate(a).vector.value("I"), "H");
  a["XIT"] = Answer::none;
  EXPECT_EQ(rate(a).vector.value("I"), "L");
}

TEST(Rubric, ALargePhiBreachMakesConfidentialityHigh) {
  Answers a = no_impact();
  a["XCP"] = Answer::low;
  a["XCPM"] = Answer::yes;
  EXPECT_EQ(rate(a).vector.value("C"), "H");
  a["XCPM"] = Answer::unknown;
  EXPECT_EQ(rate(a).vector.value("C"), "H");
  a.erase("XCPM");  // on the path, unanswered
  EXPECT_EQ(rate(a).vector.value("C"), "H");
  EXPECT_EQ(rate(a).assumed,
            (std::vector<std::string>{"XAVN", "XACL", "XPRL", "XUI", "XS", "XCPM"}));
  a["XCPM"] = Answer::no;
  EXPECT_EQ(rate(a).vector.value("C"), "L");
  // With PHI unreadable the breach size is off the path.
  a["XCP"] = Answer::none;
  a["XCPM"] = Answer::yes;
  const Rating r = rate(a);
  EXPECT_EQ(r.vector.value("C"), "N");
  EXPECT_EQ(r.ignored, std::vector<std::string>{"XCPM"});
}

TEST(Rubric, PathAsksOnlyWhatTheAnswersLeadTo) {
  const auto codes = [](const Answers& a) {
    std::string out;
    for (const Question* q : path(a)) {
      if (q->graded) break;  // the impact questions are always asked
      out += std::string(q->code) + " ";
    }
    return out;
  };
  EXPECT_EQ(codes({}), "XAVN XACL XPRL XUI XS ");
  EXPECT_EQ(codes(answers({{"XAVN", "Y"}})), "XAVN XAVT XACL XPRL XUI XS ");
  EXPECT_EQ(codes(answers({{"XAVN", "Y"}, {"XAVT", "N"}})),
            "XAVN XAVT XAVW XAVR XACL XPRL XUI XS ");
  EXPECT_EQ(codes(answers({{"XAVN", "N"}, {"XAVP", "Y"}})), "XAVN XAVP XAVPA XACL XPRL XUI XS ");
  EXPECT_EQ(codes(answers({{"XPRL", "Y"}, {"XPRZ", "Y"}})), "XAVN XACL XPRL XPRZ XPRS XUI XS ");
  size_t graded = 0;
  for (const Question* q : path({})) graded += q->graded;
  EXPECT_EQ(graded, 18u);
  bool asks_breach = false;
  for (const Question* q : path(answers({{"XCP", "L"}}))) asks_breach |= q->code == "XCPM";
  EXPECT_TRUE(asks_breach);
}

TEST(Rubric, NothingKnownIsTheWorstCaseScoredWithTheCapAtTen) {
  const Rating r = rate({});
  EXPECT_EQ(to_string(r.vector), "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
  // Uncapped, scope-changed impact would exceed 10 (the spreadsheet's quirk).
  EXPECT_EQ(r.base_score, 10.0);
  EXPECT_EQ(r.assumed.size(), path({}).size());
  EXPECT_EQ(r.explanation.size(), 8u);
  EXPECT_EQ(to_string(rate({}, Version::v3_1).vector).substr(0, 9), "CVSS:3.1/");
}

TEST(Rubric, AScoredExampleDevice) {
  // An infusion pump's drug-library service on the hospital network: HL7
  // over TCP, exploitable at will, no login, tampering with therapy.
  Answers a = no_impact();
  for (const auto& [code, answer] : answers({{"XAVN", "Y"},
                                             {"XAVT", "Y"},
                                             {"XACL", "Y"},
                                             {"XPRL", "Y"},
                                             {"XPRZ", "N"},
                                             {"XUI", "N"},
                                             {"XS", "N"},
                                             {"XIT", "H"},
                                             {"XAT", "H"},
                                             {"XCW", "L"}}))
    a[code] = answer;
  const Rating r = rate(a);
  EXPECT_EQ(to_string(r.vector), "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:H/A:H");
  EXPECT_EQ(r.base_score, 9.4);
  EXPECT_TRUE(r.assumed.empty());
  EXPECT_TRUE(r.ignored.empty());
  EXPECT_NE(r.explanation[6].find("delivery of therapy (XIT HIGH)"), std::string::npos)
      << r.explanation[6];
}

TEST(Rubric, ExtendedVectorRederivesTheRatingAndCatchesAnEditedOne) {
  const Answers sets[] = {
      {},
      answers({{"XAVN", "N"}, {"XAVP", "Y"}, {"XAVPA", "N"}, {"XACL", "N"}, {"XCT", "H"}}),
      answers({{"XAVN", "Y"},
               {"XAVT", "N"},
               {"XAVW", "Y"},
               {"XAVR", "N"},
               {"XPRL", "Y"},
               {"XPRZ", "Y"},
               {"XPRS", "N"},
               {"XCP", "L"},
               {"XCPM", "N"}}),
  };
  for (const Answers& a : sets) {
    for (Version v : {Version::v3_0, Version::v3_1}) {
      const Rating r = rate(a, v);
      auto back = parse_extended(r.extended);
      ASSERT_TRUE(back.ok()) << r.extended << ": " << back.error().message;
      EXPECT_EQ(rate(*back, v).extended, r.extended);
    }
  }
  const std::string ext = rate(sets[1]).extended;
  ASSERT_NE(ext.find("AV:P"), std::string::npos) << ext;
  std::string edited = ext;
  edited.replace(edited.find("AV:P"), 4, "AV:L");
  const auto tampered = parse_extended(edited);
  ASSERT_FALSE(tampered.ok());
  EXPECT_EQ(tampered.error().message, "the vector says AV:L but its answers give AV:P");
  EXPECT_FALSE(parse_extended(ext + "/XQQQ:Y").ok());
  EXPECT_FALSE(parse_extended(ext + "/XAVN:N").ok());  // answered twice
  EXPECT_FALSE(parse_extended(ext + "/XCT:Y").ok());   // graded: YES says not how much
  EXPECT_FALSE(parse_extended("CVSS:3.0/AV:N/XAVN:Y").ok());
  EXPECT_FALSE(
      parse_extended("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").ok());
}

TEST(Rubric, AnswersFilesWithErrorsNameTheAnswer) {
  const auto error = [](const std::string& json) {
    auto r = triage::read_rubric_answers(json, "a.json");
    return r.ok() ? std::string("accepted") : r.error().to_string();
  };
  EXPECT_EQ(error(R"({"answers": {"XAVQ": "YES"}})"),
            "a.json#/answers/XAVQ: is not a question of the rubric");
  EXPECT_NE(error(R"({"answers": {"XCT": "YES"}})").find("a.json#/answers/XCT: XCT asks how much"),
            std::string::npos);
  EXPECT_NE(error(R"({"answers": {"XAVN": {"note": "no answer"}}})").find("#/answers/XAVN"),
            std::string::npos);
  EXPECT_NE(error(R"({"answers": {}, "cvss_version": "4.0"})").find("#/cvss_version"),
            std::string::npos);
  EXPECT_NE(error(R"({"XAVN": "YES"})").find("#/answers"), std::string::npos);
  EXPECT_NE(error("[]").find("not rubric answers"), std::string::npos);
  auto ok = triage::read_rubric_answers(
      R"({"answers": {"xavn": {"answer": "y", "note": "HL7 over TCP"}}, "cvss_version": "3.1"})",
      "a.json");
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(ok->answers.at("XAVN"), Answer::yes);
  EXPECT_EQ(ok->notes.at("XAVN"), "HL7 over TCP");
  EXPECT_EQ(ok->version, Version::v3_1);
}

TEST(Rubric, CommandRatesAFileRederivesItsVectorAndAsksOnATerminal) {
  const auto dir = testing::fresh_dir("rubric");
  const std::string file = (dir / "answers.json").string();
  std::ofstream(file) << R"({"answers": {"XAVN": "YES", "XAVT": {"answer": "YES", "note": "TCP"},
    "XACL": "YES", "XPRL": "NO", "XUI": "NO", "XS": "NO", "XCP": "NONE", "XIP": "NONE",
    "XAP": "NONE", "XCD": "NONE", "XID": "NONE", "XAD": "NONE", "XCT": "NONE", "XIT": "HIGH",
    "XAT": "HIGH", "XCW": "LOW", "XIW": "NONE", "XAW": "NONE", "XCS": "NONE", "XIS": "NONE",
    "XAS": "NONE", "XCO": "NONE", "XIO": "NONE", "XAO": "NONE"}})";
  auto out = testing::run_vigil({"rubric", file, "--format", "json"});
  ASSERT_EQ(out.status, 0) << out.err;
  const auto j = nlohmann::json::parse(out.out);
  EXPECT_EQ(j["vector"], "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:H/A:H");
  EXPECT_EQ(j["base_score"], 9.4);
  EXPECT_EQ(j["base_severity"], "critical");
  EXPECT_EQ(j["answers"]["XAVT"]["note"], "TCP");
  EXPECT_TRUE(j["assumed"].empty());
  EXPECT_EQ(j["explanation"].size(), 8u);
  // The output's answers are an answers file: rating them again agrees.
  std::ofstream(file) << nlohmann::json{{"answers", j["answers"]}}.dump();
  auto again = testing::run_vigil({"rubric", file, "--format", "json"});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["extended_vector"], j["extended_vector"]);

  const std::string ext = j["extended_vector"];
  auto derived = testing::run_vigil({"rubric", "--vector", ext});
  ASSERT_EQ(derived.status, 0) << derived.err;
  EXPECT_EQ(derived.out.substr(0, derived.out.find('\t')),
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:H/A:H");
  std::string edited = ext;
  edited.replace(edited.find("I:H"), 3, "I:L");
  auto tampered = testing::run_vigil({"rubric", "--vector", edited});
  EXPECT_EQ(tampered.status, 2);
  EXPECT_NE(tampered.err.find("the vector says I:L but its answers give I:H"), std::string::npos)
      << tampered.err;

  // Asked one by one: network, not IP, short range; then the analyst stops.
  auto asked = testing::run_vigil({"rubric", "--interactive", "--cvss", "3.1"}, "y\nn\nu\ny\n\n");
  ASSERT_EQ(asked.status, 0) << asked.err;
  EXPECT_NE(asked.err.find("(XAVR) Is the range approximately 10 feet or less?"),
            std::string::npos);
  EXPECT_EQ(asked.out.substr(0, asked.out.find('\t')),
            "CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
  EXPECT_NE(asked.out.find("not answered, taken as UNKNOWN (worst case): XACL"), std::string::npos);
  auto wrong = testing::run_vigil({"rubric", "--interactive"}, "maybe\ny\ny\n");
  ASSERT_EQ(wrong.status, 0) << wrong.err;
  EXPECT_NE(wrong.err.find("'maybe' is not an answer"), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.out.substr(0, 13), "CVSS:3.0/AV:N");

  // No answers and no terminal: told what to give, exit 2.
  auto none = testing::run_vigil({"rubric"});
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("give an answers file, --vector, or --interactive"), std::string::npos);
  std::ofstream(file) << R"({"answers": {"XCT": "YES"}})";
  auto bad = testing::run_vigil({"rubric", file});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("answers.json#/answers/XCT"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace vigil::cvss::rubric
