// vigil rubric [ANSWERS.json] [--vector EXTENDED] [--interactive] [--cvss 3.0|3.1]
//              [--format text|json]
// The medical-device CVSS rubric (cvss/rubric.h): answers about the device
// and the vulnerability, from a file (docs/triage.md), from an extended
// vector to re-derive, or asked one by one on a terminal, give CVSS v3 base
// metrics, explained metric by metric, with the extended vector that keeps
// the answers. In interactive mode the questions go to stderr and only the
// result to stdout; an empty line or end of input leaves the remaining
// questions unanswered (worst case). Exit 0 with a rating, 2 on unusable
// input.
#include <unistd.h>

#include <iostream>

#include "commands.h"
#include "core/file.h"
#include "core/text.h"
#include "cvss/rubric.h"
#include "triage/profile.h"

namespace vigil::cli {
namespace {

using Json = nlohmann::ordered_json;
namespace rubric = cvss::rubric;

// Asks each unanswered question on the path until none is left or the
// analyst stops.
void ask(triage::RubricAnswers& in) {
  std::string_view metric;
  for (;;) {
    const rubric::Question* next = nullptr;
    for (const rubric::Question* q : rubric::path(in.answers)) {
      if (!in.answers.contains(q->code)) {
        next = q;
        break;
      }
    }
    if (next == nullptr) return;
    if (next->metric != metric) {
      metric = next->metric;
      std::cerr << "\n[" << metric << "]\n";
    }
    if (!next->category.empty()) std::cerr << "For " << next->category << ": ";
    std::cerr << next->number << " (" << next->code << ") " << next->text << "\n  "
              << (next->graded ? "[h]igh, [l]ow, [n]one or [u]nknown" : "[y]es, [n]o or [u]nknown")
              << "? ";
    const auto got = input_line();
    const std::string line = got.value_or("");
    if (!got || trim(line).empty()) {
      std::cerr << "\n(the questions left unanswered take the worst case)\n";
      return;
    }
    auto answer = rubric::parse_answer(*next, line);
    if (!answer) {
      std::cerr << "  " << answer.error().message << "\n";
      continue;
    }
    in.answers[std::string(next->code)] = *answer;
  }
}

Json to_json(const triage::RubricAnswers& in, const rubric::Rating& r) {
  Json metrics = Json::object();
  for (const auto& [metric, value] : r.vector.metrics) metrics[metric] = value;
  Json answers = Json::object();
  Json path = Json::array();
  for (const auto& [q, answer] : r.path) {
    const bool assumed = !in.answers.contains(q->code);
    const auto note = in.notes.find(std::string(q->code));
    if (!assumed) {
      answers[std::string(q->code)] =
          note == in.notes.end()
              ? Json(std::string(rubric::name(answer)))
              : Json{{"answer", std::string(rubric::name(answer))}, {"note", note->second}};
    }
    path.push_back({{"code", q->code},
                    {"question", q->number},
                    {"metric", q->metric},
                    {"category", q->category.empty() ? Json(nullptr) : Json(q->category)},
                    {"text", q->text},
                    {"answer", std::string(rubric::name(answer))},
                    {"assumed", assumed}});
  }
  return {{"vector", cvss::to_string(r.vector)},
          {"version", std::string(cvss::version_name(r.vector.version))},
          {"base_score", r.base_score},
          {"base_severity", std::string(cvss::severity(r.vector.version, r.base_score))},
          {"metrics", metrics},
          {"extended_vector", r.extended},
          {"answers", answers},
          {"path", path},
          {"assumed", r.assumed},
          {"ignored", r.ignored},
          {"explanation", r.explanation}};
}

std::string list(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

void add_rubric_command(CLI::App& app, int& status) {
  auto* cmd = app.add_subcommand("rubric",
                                 "CVSS v3 base metrics from the medical-device rubric's questions");
  struct Args {
    std::string answers, vector, cvss = "3.0", format = "text";
    bool interactive = false;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("answers", a->answers, "Answers file (JSON, docs/triage.md)");
  cmd->add_option("--vector", a->vector, "An extended vector to re-derive and check");
  cmd->add_flag("--interactive", a->interactive,
                "Ask the unanswered questions (the default on a terminal with no answers)");
  cmd->add_option("--cvss", a->cvss, "CVSS version of the result: 3.0 (the rubric's) or 3.1")
      ->check(CLI::IsMember({"3.0", "3.1"}));
  add_format_option(*cmd, a->format);
  cmd->callback([a, &status] {
    const auto fail = [&status](const std::string& message) {
      std::cerr << "vigil rubric: " << message << "\n";
      status = 2;
    };
    if (!a->answers.empty() && !a->vector.empty())
      return fail("give an answers file or --vector, not both");
    triage::RubricAnswers in;
    in.version = a->cvss == "3.1" ? cvss::Version::v3_1 : cvss::Version::v3_0;
    if (!a->answers.empty()) {
      const auto text = read_input(a->answers, kAnswersInput);
      if (!text) return fail(text.error().to_string());
      auto read = triage::read_rubric_answers(*text, a->answers);
      if (!read) return fail(read.error().to_string());
      in.answers = std::move(read->answers);
      in.notes = std::move(read->notes);
    } else if (!a->vector.empty()) {
      auto read = rubric::parse_extended(a->vector);
      if (!read) return fail(read.error().message);
      in.answers = std::move(*read);
      if (a->vector.starts_with("CVSS:3.1/")) in.version = cvss::Version::v3_1;
    } else if (!a->interactive && !isatty(STDIN_FILENO)) {
      return fail("give an answers file, --vector, or --interactive to be asked the questions");
    } else {
      a->interactive = true;
    }
    if (a->interactive) ask(in);
    const rubric::Rating r = rubric::rate(in.answers, in.version);
    if (a->format == "json") {
      print_json(to_json(in, r));
      return;
    }
    std::printf("%s\t%.1f %s\n", cvss::to_string(r.vector).c_str(), r.base_score,
                std::string(cvss::severity(r.vector.version, r.base_score)).c_str());
    std::printf("extended: %s\n", r.extended.c_str());
    for (const auto& s : r.explanation) std::printf("  - %s\n", s.c_str());
    if (!r.assumed.empty())
      std::printf("not answered, taken as UNKNOWN (worst case): %s\n", list(r.assumed).c_str());
    if (!r.ignored.empty())
      std::printf("answered but not on the path, so not used: %s\n", list(r.ignored).c_str());
  });
}

}  // namespace vigil::cli
