#include "service/scan.h"

#include "sbom/sbom.h"
#include "triage/report.h"
#include "vex/vex.h"

namespace vigil::service {

using Json = nlohmann::ordered_json;

namespace {

Result<std::vector<vex::Statement>> read_vex(const Input& in) {
  auto s = in.bytes ? vex::read(*in.bytes, in.source) : vex::read_file(in.source);
  if (!s) return with_kind(s.error(), ErrorKind::invalid_input);
  return s;
}

Result<sbom::Document> read_sbom(const Input& in) {
  auto doc = in.bytes ? sbom::read(*in.bytes, in.source) : sbom::read_file(in.source);
  if (!doc) return with_kind(doc.error(), ErrorKind::invalid_input);
  if (doc->has_errors()) {
    // A scan of part of an SBOM would miss components: refused whole, with
    // every structural error named.
    Error refusal{in.source + " has structural errors; a scan of part of it would miss components",
                  {},
                  ErrorKind::invalid_input};
    for (const auto& d : doc->diagnostics) {
      if (d.severity == sbom::Severity::error)
        refusal.details.push_back({d.message, in.source + ": " + d.location});
    }
    return refusal;
  }
  return doc;
}

}  // namespace

Json ScanOutcome::triaged(size_t report) const {
  Json out = Json::array();
  for (const auto& t : triage.at(report)) {
    if (t) out.push_back(*t);
  }
  return out;
}

Result<ScanOutcome> scan(KnowledgeService& knowledge, const ScanRequest& request) {
  std::vector<vex::Statement> statements;
  for (const auto& in : request.vex) {
    auto s = read_vex(in);
    if (!s) return s.error();
    statements.insert(statements.end(), s->begin(), s->end());
  }
  ScanOutcome out;
  for (const auto& in : request.sboms) {
    auto doc = read_sbom(in);
    if (!doc) return doc.error();
    out.documents.push_back(std::make_unique<sbom::Document>(std::move(*doc)));
  }
  auto lease = knowledge.lease();
  if (!lease) return lease.error();
  out.generation = lease->generation();
  match::Matcher& matcher = lease->matcher();
  for (size_t i = 0; i < out.documents.size(); ++i) {
    const std::string& source = request.sboms[i].source;
    auto result = matcher.scan(*out.documents[i], statements);
    if (!result) {
      return Error{result.error().to_string(), source, ErrorKind::io};
    }
    auto report = match::make_report(matcher, source, *out.documents[i], std::move(*result),
                                     request.show_suppressed);
    if (!report) return with_kind(report.error(), ErrorKind::io);
    out.reports.push_back(std::move(*report));
  }
  for (const auto& r : out.reports) {
    auto& triaged = out.triage.emplace_back();
    for (const match::Finding* f : r.shown()) {
      if (!request.profile) {
        triaged.emplace_back();
        continue;
      }
      auto t = triage::triage_finding(*f, r.info(*f), match::component_of(*r.doc, *f),
                                      *request.profile, request.learned, request.as_of);
      if (!t) return t.error();
      triaged.push_back(std::move(*t));
    }
  }
  return out;
}

Result<Threshold> parse_threshold(std::string_view name) {
  static constexpr std::pair<std::string_view, Threshold> kNames[] = {
      {"", Threshold::none},
      {"low", Threshold::low},
      {"medium", Threshold::medium},
      {"high", Threshold::high},
      {"critical", Threshold::critical},
      {"kev", Threshold::kev},
      {"uncontrolled", Threshold::uncontrolled}};
  for (const auto& [n, t] : kNames) {
    if (n == name) return t;
  }
  return Error{"'" + std::string(name) +
                   "' is not a threshold: low, medium, high, critical, kev or uncontrolled",
               "--fail-on"};
}

bool gate(const ScanOutcome& outcome, Threshold threshold) {
  if (threshold == Threshold::none) return false;
  if (threshold == Threshold::uncontrolled) {
    for (const auto& report : outcome.triage) {
      for (const auto& t : report) {
        if (t && (*t)["risk"] == "uncontrolled") return true;
      }
    }
    return false;
  }
  static constexpr std::string_view kSeverity[] = {"", "low", "medium", "high", "critical"};
  for (const auto& r : outcome.reports) {
    for (const auto& f : r.result.findings) {
      if (f.suppressed()) continue;
      const match::VulnerabilityInfo& v = r.info(f);
      if (threshold == Threshold::kev) {
        if (v.kev) return true;
      } else if (match::severity_rank(v.severity()) >=
                 match::severity_rank(kSeverity[static_cast<size_t>(threshold)])) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace vigil::service
