#include "records/json.h"

#include <string>

namespace vigil::records {
namespace {

Json null_if_empty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

}  // namespace

Json to_json(const Product& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"profile_sha256", null_if_empty(p.profile_sha256)},
          {"releases", p.releases},
          {"created_at", p.created_at}};
}

Json to_json(const Release& r) {
  return {{"id", r.id},
          {"product", r.product},
          {"version", r.version},
          {"status", r.status},
          {"released_on", null_if_empty(r.released_on)},
          {"end_of_support_on", null_if_empty(r.end_of_support_on)},
          {"sbom", {{"file", r.sbom_file}, {"format", r.sbom_format}, {"sha256", r.sbom_sha256}}},
          {"components", r.components},
          {"devices", r.devices},
          {"created_at", r.created_at}};
}

Json to_json(const Site& s) {
  return {{"id", s.id},
          {"product", s.product},
          {"version", s.version},
          {"site", s.site},
          {"devices", s.devices}};
}

Json to_json(const Finding& f) {
  return {
      {"id", f.id},
      {"product", f.product},
      {"version", f.version},
      {"component",
       {{"name", f.component}, {"version", f.component_version}, {"purl", null_if_empty(f.purl)}}},
      {"vulnerability", f.vulnerability},
      {"severity", f.severity},
      {"state", f.state},
      {"needs_confirmation", f.needs_confirmation},
      {"first_seen", f.first_seen},
      {"last_seen", f.last_seen},
      {"risk", null_if_empty(f.risk)},
      {"triage", f.triage}};
}

Json to_json(const Analysis& a) {
  Json sigs = Json::array();
  for (const auto& s : a.signatures)
    sigs.push_back({{"id", s.id},
                    {"signer", s.signer},
                    {"meaning", s.meaning},
                    {"signed_at", s.signed_at},
                    {"record_sha256", s.record_sha256}});
  return {{"id", a.id},
          {"finding", a.finding},
          {"state", a.state},
          {"justification", null_if_empty(a.justification)},
          {"response", null_if_empty(a.response)},
          {"detail", null_if_empty(a.detail)},
          {"risk", a.risk},
          {"inherited_from", a.inherited_from ? Json(a.inherited_from) : Json(nullptr)},
          {"needs_confirmation", a.needs_confirmation},
          {"created_at", a.created_at},
          {"created_by", a.created_by},
          {"signatures", sigs}};
}

Json to_json(const Finding& f, const std::vector<Analysis>& history) {
  Json out = to_json(f);
  Json list = Json::array();
  for (const auto& x : history) list.push_back(to_json(x));
  out["analyses"] = list;
  return out;
}

Json to_json(const audit::Entry& e) {
  const auto state = [](const std::optional<std::string>& s) {
    return s ? Json::parse(*s, nullptr, false) : Json(nullptr);
  };
  return {{"id", e.seq},
          {"at", e.at},
          {"user", e.actor},
          {"action", e.action},
          {"record", e.record_type + "/" + std::to_string(e.record_id)},
          {"reason", e.reason},
          {"before", state(e.before)},
          {"after", state(e.after)},
          {"hash", e.hash}};
}

Json to_json(std::string_view product, std::string_view version, const ScanSummary& s) {
  return {{"product", product},  {"version", version},       {"findings", s.findings},
          {"new", s.added},      {"inherited", s.inherited}, {"no_longer_found", s.gone},
          {"learned", s.learned}};
}

Json to_json(const audit::Verification& v) {
  return {{"intact", v.intact},
          {"entries", v.entries},
          {"records", v.records},
          {"head", std::to_string(v.head_seq) + ":" + v.head_hash},
          {"problems", v.problems}};
}

}  // namespace vigil::records
