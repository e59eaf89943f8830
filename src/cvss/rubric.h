// The MITRE Rubric for Applying CVSS to Medical Devices (FDA-qualified
// Medical Device Development Tool, 2019/2020) as a questionnaire: answers
// about the device and the vulnerability, keyed by the rubric's
// extended-vector codes (XAVN, XPRL, XCT ...), give CVSS v3 base metrics.
//
// The mapping is the one the MedSec calculator (mitre/md-cvss-rubric-tools)
// implements, walked as the rubric's decision flow: a question is asked only
// when the answers before it lead to it, so the metrics depend only on the
// questions on the path. An UNKNOWN answer — or no answer to a question on
// the path — takes the worst case. The answers travel with the vector as an
// extended vector ("CVSS:3.0/AV:N/.../XAVN:Y/XAVT:Y/...") so the score can
// be traced and re-derived.
//
// Confidentiality, integrity and availability are answered per data category
// (PHI/PII, diagnosis or monitoring, delivery of therapy, clinical workflow,
// system secrets, other critical data) with the extent of the loss: HIGH,
// LOW or NONE. Each impact is the worst over the categories; for
// confidentiality, PHI exposure covering 500 or more patients (XCPM) makes
// it HIGH. Where the calculator's spreadsheet departs from the rubric (its
// availability cell reads an integrity answer; its rounding lacks the cap at
// 10) this follows the rubric.
//
// Thread-safety: pure functions over plain values.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "cvss/cvss.h"

namespace vigil::cvss::rubric {

enum class Answer : uint8_t { yes, no, unknown, high, low, none };

// "YES", "NO", "UNKNOWN", "HIGH", "LOW", "NONE".
std::string_view name(Answer a);

struct Question {
  std::string_view code;      // "XAVN"
  std::string_view number;    // the rubric's numbering within its metric: "Q1", "Q2.C"
  std::string_view metric;    // "AV", "AC", "PR", "UI", "S", "C", "I", "A"
  std::string_view category;  // C/I/A questions: the data category
  std::string_view text;
  // Whether the answer is the extent of a loss (HIGH, LOW, NONE, UNKNOWN)
  // rather than YES, NO or UNKNOWN.
  bool graded = false;
};

// The 31 questions, in the order they are asked.
const std::array<Question, 31>& questions();
const Question* find(std::string_view code);  // case-insensitive; nullptr if none

// Reads an answer to `q`: the words above or their initials, any case. A
// graded question also takes NO (nothing can be lost: NONE); YES is refused
// there, since it does not say how much.
Result<Answer> parse_answer(const Question& q, std::string_view text);

using Answers = std::map<std::string, Answer, std::less<>>;  // by code, upper case

struct Rating {
  Vector vector;         // CVSS v3 base metrics
  std::string extended;  // the vector with the answers on the path appended
  double base_score = 0;
  // The questions on the path, in order, with the answer taken (UNKNOWN for
  // those not answered).
  std::vector<std::pair<const Question*, Answer>> path;
  std::vector<std::string> assumed;      // on the path, not answered: taken as UNKNOWN
  std::vector<std::string> ignored;      // answered, but not on the path
  std::vector<std::string> explanation;  // one sentence per metric
};

// The questions on the path the answers so far lead along, in order; an
// unanswered question is on it and ends its branch as UNKNOWN would. The
// first unanswered one is what an interactive session asks next.
std::vector<const Question*> path(const Answers& a);

// The data categories the impact questions are asked over, in their order.
inline constexpr std::array<std::string_view, 6> kCategories = {
    "PHI/PII data",
    "diagnosis or monitoring",
    "delivery of therapy",
    "clinical workflow",
    "private system or system-user data (passwords, keys)",
    "any other critical or sensitive data or functionality"};

// Which losses the answers admit for one category: any answer but NONE,
// an unanswered question counting as UNKNOWN.
struct Loss {
  bool confidentiality = true, integrity = true, availability = true;
};
std::array<Loss, 6> losses(const Answers& a);  // by kCategories

// Rates the answers (v3.0, as the rubric is written, or v3.1).
Rating rate(const Answers& a, Version version = Version::v3_0);

// Reads the answers of an extended vector ("CVSS:3.0/AV:N/.../XAVN:Y/...")
// and checks that its base metrics are the ones the answers give, so a
// stored rubric score can be re-derived and an edited one caught.
Result<Answers> parse_extended(std::string_view text);

}  // namespace vigil::cvss::rubric
