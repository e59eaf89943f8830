#include "match/report.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <ostream>
#include <set>
#include <stdexcept>

#include "core/text.h"

namespace vigil::match {
namespace {

using Json = nlohmann::ordered_json;

// An object with room for `n` keys. An ordered_json object is a vector of
// (const key, value) pairs: growing it copies every value, subtrees
// included, because a pair with a const key cannot be moved.
Json object(size_t n) {
  Json j = Json::object();
  j.get_ref<Json::object_t&>().reserve(n);
  return j;
}

std::string sarif_level(const VulnerabilityInfo& v) {
  const int rank = severity_rank(v.severity());
  if (v.kev || rank >= 3) return "error";
  if (rank == 2) return "warning";
  return "note";
}

// An RFC 3339 date-time for a feed's time stamp: NVD writes UTC times
// without a zone ("2022-03-15T17:15:08.513"), some feeds bare dates. Empty
// when the text is neither.
std::string rfc3339(std::string_view t) {
  const auto digits = [&t](size_t from, size_t n) {
    if (t.size() < from + n) return false;
    for (size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
    }
    return true;
  };
  if (!digits(0, 4) || t.size() < 10 || t[4] != '-' || !digits(5, 2) || t[7] != '-' ||
      !digits(8, 2)) {
    return {};
  }
  if (t.size() == 10) return std::string(t) + "T00:00:00Z";
  if (t.size() < 19 || t[10] != 'T' || !digits(11, 2) || t[13] != ':' || !digits(14, 2) ||
      t[16] != ':' || !digits(17, 2)) {
    return {};
  }
  size_t end = 19;
  if (end < t.size() && t[end] == '.') {
    ++end;
    while (end < t.size() && t[end] >= '0' && t[end] <= '9') ++end;
  }
  const std::string_view zone = t.substr(end);
  if (zone.empty()) return std::string(t) + "Z";
  if (zone == "Z" || (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':'))
    return std::string(t);
  return {};
}

// A justification as CycloneDX spells it, from CycloneDX's own terms or
// OpenVEX's and CSAF's (which share theirs); empty when there is none.
std::string_view cyclonedx_justification(std::string_view j) {
  static constexpr std::pair<std::string_view, std::string_view> kMap[] = {
      {"code_not_present", "code_not_present"},
      {"code_not_reachable", "code_not_reachable"},
      {"requires_configuration", "requires_configuration"},
      {"requires_dependency", "requires_dependency"},
      {"requires_environment", "requires_environment"},
      {"protected_by_compiler", "protected_by_compiler"},
      {"protected_at_runtime", "protected_at_runtime"},
      {"protected_at_perimeter", "protected_at_perimeter"},
      {"protected_by_mitigating_control", "protected_by_mitigating_control"},
      {"component_not_present", "code_not_present"},
      {"vulnerable_code_not_present", "code_not_present"},
      {"vulnerable_code_not_in_execute_path", "code_not_reachable"},
      {"vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment"},
      {"inline_mitigations_already_exist", "protected_by_mitigating_control"},
  };
  for (const auto& [from, to] : kMap) {
    if (from == j) return to;
  }
  return {};
}

std::string description(const VulnerabilityInfo& v) {
  if (!v.summary.empty()) return v.summary;
  return v.id;
}

}  // namespace

const Evidence& best_evidence(const Finding& f) {
  return *std::min_element(f.evidence.begin(), f.evidence.end(),
                           [](const Evidence& a, const Evidence& b) {
                             return std::tie(a.confidence, a.rule) < std::tie(b.confidence, b.rule);
                           });
}

int severity_rank(std::string_view severity) {
  if (severity == "critical") return 4;
  if (severity == "high") return 3;
  if (severity == "medium") return 2;
  if (severity == "low") return 1;
  return 0;
}

const VulnerabilityInfo& Report::info(const Finding& f) const {
  return *vulnerabilities.at(f.vulnerability);
}

std::vector<const Finding*> Report::shown() const {
  // Each finding's sort key worked out once: a comparison that looked its
  // vulnerability up by name made this sort a tenth of writing a report.
  struct Keyed {
    bool suppressed, kev;
    double score;
    const std::string* id;
    const Finding* finding;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(result.findings.size());
  for (const auto& f : result.findings) {
    if (!show_suppressed && f.suppressed()) continue;
    const VulnerabilityInfo& v = info(f);
    keyed.push_back({f.suppressed(), v.kev.has_value(), v.score().value_or(-1), &v.id, &f});
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    if (a.suppressed != b.suppressed) return b.suppressed;
    if (a.kev != b.kev) return a.kev;
    if (a.score != b.score) return a.score > b.score;
    return *a.id < *b.id;
  });
  std::vector<const Finding*> out;
  out.reserve(keyed.size());
  for (const Keyed& k : keyed) out.push_back(k.finding);
  return out;
}

Result<Report> make_report(Matcher& matcher, std::string source, const sbom::Document& doc,
                           ScanResult result, bool show_suppressed) {
  const kb::KnowledgeBase::ReadScope snapshot(matcher.knowledge_base());
  Report r;
  r.source = std::move(source);
  r.doc = &doc;
  r.show_suppressed = show_suppressed;
  std::vector<std::string> ids;
  std::vector<std::shared_ptr<const VulnerabilityInfo>*> slots;
  for (const auto& f : result.findings) {
    auto [it, added] = r.vulnerabilities.try_emplace(f.vulnerability);
    if (!added) continue;
    ids.push_back(f.vulnerability);
    slots.push_back(&it->second);  // nodes stay put as the map grows
  }
  auto infos = matcher.describe(ids);
  if (!infos) return infos.error();
  for (size_t i = 0; i < ids.size(); ++i) *slots[i] = std::move((*infos)[i]);
  r.result = std::move(result);
  return r;
}

namespace {

// Text written through a pointer into room made ahead: a report writes some
// million small pieces, and appending each to a string checked and updated
// the string's size every time.
class Text {
 public:
  void clear() { end_ = begin_.get(); }
  std::string_view view() const { return {begin_.get(), static_cast<size_t>(end_ - begin_.get())}; }
  // Where the next `n` bytes go; advance() past what was written.
  char* room(size_t n) {
    if (n > static_cast<size_t>(limit_ - end_)) grow(n);
    return end_;
  }
  void advance(char* to) { end_ = to; }
  void put(std::string_view s) {
    char* p = room(s.size());
    std::memcpy(p, s.data(), s.size());
    end_ = p + s.size();
  }
  void put(char c) {
    *room(1) = c;
    ++end_;
  }

 private:
  void grow(size_t n) {
    const size_t used = static_cast<size_t>(end_ - begin_.get());
    const size_t size = std::max<size_t>(4096, 2 * (used + n));
    auto bigger = std::make_unique<char[]>(size);
    if (used) std::memcpy(bigger.get(), begin_.get(), used);
    begin_ = std::move(bigger);
    end_ = begin_.get() + used;
    limit_ = begin_.get() + size;
  }
  std::unique_ptr<char[]> begin_;
  char* end_ = nullptr;
  char* limit_ = nullptr;
};

// Writes JSON laid out as the library's dump(2) lays it out, without a tree:
// a report's findings are thousands of small objects, and building each one
// as heap nodes cost more than writing it. Plain ASCII strings (nearly all)
// are written as they are; every other string, and every double, goes
// through the library's serializer, so that the text is the tree's byte for
// byte (a test holds it to that) with invalid UTF-8 replaced as it does.
class Pretty {
 public:
  Pretty(Text& out, size_t depth)
      : out_(out),
        library_(nlohmann::detail::output_adapter<char>(scratch_), ' ',
                 Json::error_handler_t::replace),
        depth_(depth) {}

  Pretty& begin_object() { return open('{'); }
  Pretty& end_object() { return close('}'); }
  Pretty& begin_array() { return open('['); }
  Pretty& end_array() { return close(']'); }
  // `k` is a literal name of the report's own, never in need of escapes.
  Pretty& key(std::string_view k) {
    next_line();
    char* p = out_.room(k.size() + 4);
    *p = '"';
    std::memcpy(p + 1, k.data(), k.size());
    std::memcpy(p + 1 + k.size(), "\": ", 3);
    out_.advance(p + k.size() + 4);
    after_key_ = true;
    return *this;
  }
  Pretty& string(std::string_view v) {
    before_value();
    quoted(v);
    return *this;
  }
  Pretty& null() {
    before_value();
    out_.put("null");
    return *this;
  }
  Pretty& boolean(bool v) {
    before_value();
    out_.put(v ? "true" : "false");
    return *this;
  }
  Pretty& number(double v) {
    before_value();
    by_library(Json(v));
    return *this;
  }
  Pretty& strings(const std::vector<std::string>& list) {
    begin_array();
    for (const auto& s : list) string(s);
    return end_array();
  }
  // Shorthands for a member.
  Pretty& member(std::string_view k, std::string_view v) { return key(k).string(v); }
  Pretty& member(std::string_view k, const std::vector<std::string>& v) {
    return key(k).strings(v);
  }

 private:
  Pretty& open(char c) {
    before_value();
    out_.put(c);
    // The report's shapes nest four deep.
    if (level_ == open_.size()) throw std::logic_error("report JSON nests too deep");
    open_[level_++] = false;
    return *this;
  }
  Pretty& close(char c) {
    if (open_[--level_]) {
      const size_t indent = depth_ + 2 * level_;
      char* p = out_.room(indent + 2);
      *p = '\n';
      std::memset(p + 1, ' ', indent);
      p[indent + 1] = c;
      out_.advance(p + indent + 2);
    } else {
      out_.put(c);
    }
    return *this;
  }
  // A value follows its key on the key's line; in an array it starts a line.
  void before_value() {
    if (after_key_) {
      after_key_ = false;
    } else if (level_ > 0) {
      next_line();
    }
  }
  void next_line() {
    bool& any = open_[level_ - 1];
    const size_t indent = depth_ + 2 * level_;
    char* p = out_.room(indent + 2);
    if (any) *p++ = ',';
    *p++ = '\n';
    std::memset(p, ' ', indent);
    out_.advance(p + indent);
    any = true;
  }
  void quoted(std::string_view v) {
    if (!json_plain(v)) {
      by_library(Json(v));
      return;
    }
    char* p = out_.room(v.size() + 2);
    *p = '"';
    std::memcpy(p + 1, v.data(), v.size());
    p[v.size() + 1] = '"';
    out_.advance(p + v.size() + 2);
  }
  // Numbers and strings that need escapes, as the library writes them.
  void by_library(const Json& j) {
    scratch_.clear();
    library_.dump(j, false, false, 0);
    out_.put(scratch_);
  }

  Text& out_;
  std::string scratch_;
  nlohmann::detail::serializer<Json> library_;
  size_t depth_;
  std::array<bool, 8> open_{};  // per open object or array: whether it has members yet
  size_t level_ = 0;
  bool after_key_ = false;
};

// The calls Pretty takes, building a tree instead: finding_json(), which a
// triage amends, and the frame's primary component.
class Tree {
 public:
  Tree& begin_object() { return open(object(10)); }
  Tree& end_object() { return close(); }
  Tree& begin_array() { return open(Json::array()); }
  Tree& end_array() { return close(); }
  Tree& key(std::string_view k) {
    key_ = k;
    return *this;
  }
  Tree& string(std::string_view v) { return put(Json(v)); }
  Tree& null() { return put(nullptr); }
  Tree& boolean(bool v) { return put(v); }
  Tree& number(double v) { return put(v); }
  Tree& strings(const std::vector<std::string>& list) { return put(list); }
  Tree& member(std::string_view k, std::string_view v) { return key(k).string(v); }
  Tree& member(std::string_view k, const std::vector<std::string>& v) { return key(k).strings(v); }
  Json take() { return std::move(root_); }

 private:
  // Into the innermost open object or array, which alone grows while a
  // value is open: the pointers to the ones around it stay good.
  Json& add(Json v) {
    if (open_.empty()) return root_ = std::move(v);
    Json& top = *open_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      return top.back();
    }
    return top[std::string(key_)] = std::move(v);
  }
  Tree& put(Json v) {
    add(std::move(v));
    return *this;
  }
  Tree& open(Json v) {
    open_.push_back(&add(std::move(v)));
    return *this;
  }
  Tree& close() {
    open_.pop_back();
    return *this;
  }

  Json root_;
  std::vector<Json*> open_;
  std::string_view key_;
};

template <class Writer>
void write_component(Writer& w, const sbom::Component& c) {
  w.begin_object().member("ref", c.ref);
  if (c.group.empty()) {
    w.member("name", c.name);
  } else {
    w.member("name", c.group + "/" + c.name);
  }
  w.member("version", c.version);
  w.key("purl");
  if (c.purls.empty()) {
    w.null();
  } else {
    w.string(c.purls.front());
  }
  w.member("cpes", c.cpes).end_object();
}

// One element of the report's "findings": the one definition of its shape,
// written as text (Pretty) or built as a tree (Tree).
template <class Writer>
void write_finding(Writer& w, const Report& r, const Finding& f) {
  const VulnerabilityInfo& v = r.info(f);
  w.begin_object().key("component");
  write_component(w, component_of(*r.doc, f));
  w.key("vulnerability").begin_object();
  w.member("id", v.id).member("aliases", v.aliases).member("summary", v.summary);
  w.member("published", v.published).member("severity", v.severity());
  w.key("cvss").begin_array();
  for (const auto& s : v.cvss) {
    w.begin_object().member("version", s.version).member("vector", s.vector);
    w.key("base_score");
    if (s.base_score) {
      w.number(*s.base_score);
    } else {
      w.null();
    }
    w.key("severity");
    if (s.severity.empty()) {
      w.null();
    } else {
      w.string(s.severity);
    }
    w.member("source", s.source).end_object();
  }
  w.end_array();
  w.member("cwes", v.cwes).key("kev");
  if (v.kev) {
    w.begin_object().member("date_added", v.kev->date_added).member("due_date", v.kev->due_date);
    w.key("ransomware").boolean(v.kev->ransomware);
    w.member("required_action", v.kev->required_action).end_object();
  } else {
    w.null();
  }
  w.key("epss");
  if (v.epss) {
    w.begin_object().key("score").number(v.epss->epss);
    w.key("percentile").number(v.epss->percentile).end_object();
  } else {
    w.null();
  }
  w.member("exploits", v.exploits).end_object();
  w.key("match").begin_object().member("rule", rule_name(best_evidence(f).rule));
  w.key("evidence").begin_array();
  for (const auto& e : f.evidence) {
    w.begin_object().member("advisory", e.advisory).member("source", e.source);
    w.member("rule", rule_name(e.rule)).member("criterion", e.criterion);
    w.member("confidence", confidence_name(e.confidence));
    if (!e.note.empty()) w.member("note", e.note);
    w.end_object();
  }
  w.end_array().member("confidence", confidence_name(f.confidence())).end_object();
  w.member("fixed_versions", f.fixed_versions).member("state", state_name(f.state));
  w.key("vex").begin_array();
  for (const auto& s : f.vex) {
    w.begin_object().member("status", vex::status_name(s.status));
    w.member("justification", s.justification).member("detail", s.detail);
    w.member("source", s.source).end_object();
  }
  w.end_array().end_object();
}

// The report's JSON with its findings left out: {"sbom", "findings": [], "stats"}.
Json frame_json(const Report& r) {
  const sbom::Document& doc = *r.doc;
  Json primary = nullptr;
  if (doc.has_primary) {
    Tree tree;
    write_component(tree, doc.primary);
    primary = tree.take();
  }
  const Stats& s = r.result.stats;
  std::map<std::string, size_t> by_severity;
  for (const auto& f : r.result.findings) {
    if (!f.suppressed()) ++by_severity[r.info(f).severity()];
  }
  Json out = object(3);
  out["sbom"] = {{"path", r.source},
                 {"format", sbom::format_name(doc.format)},
                 {"spec_version", doc.spec_version},
                 {"serial_number", doc.serial_number},
                 {"primary", primary},
                 {"components", doc.components.size()}};
  out["findings"] = Json::array();
  out["stats"] = {{"components", s.components},
                  {"with_purl", s.with_purl},
                  {"with_cpe", s.with_cpe},
                  {"by_name_only", s.by_name_only},
                  {"without_version", s.without_version},
                  {"records_considered", s.records_considered},
                  {"findings", s.findings},
                  {"suppressed", s.suppressed},
                  {"by_severity", by_severity}};
  return out;
}

// j.dump(2) as it reads nested `indent` spaces deep: the library's own
// serializer started at that depth, into a buffer kept across calls and
// written at once (a report holds thousands of findings).
void write_indented(std::ostream& out, const Json& j, size_t indent) {
  thread_local std::string text;
  text.clear();
  nlohmann::detail::serializer<Json> writer(nlohmann::detail::output_adapter<char>(text), ' ',
                                            Json::error_handler_t::replace);
  writer.dump(j, true, false, 2, static_cast<unsigned int>(indent));
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace

Json finding_json(const Report& r, const Finding& f) {
  Tree tree;
  write_finding(tree, r, f);
  return tree.take();
}

Json to_json(const Report& r) {
  Json out = frame_json(r);
  Json& findings = out["findings"];
  for (const Finding* f : r.shown()) findings.push_back(finding_json(r, *f));
  return out;
}

Result<void> write_json(const Report& r, std::ostream& out, size_t indent,
                        const std::function<Result<void>(Json&)>& amend) {
  const Json frame = frame_json(r);
  const std::string pad(indent, ' ');
  out << "{\n" << pad << "  \"sbom\": ";
  write_indented(out, frame["sbom"], indent + 2);
  out << ",\n" << pad << "  \"findings\": [";
  bool first = true;
  thread_local Text text;
  for (const Finding* f : r.shown()) {
    if (amend) {
      // What an amendment adds is a tree's: the finding is one too.
      Json finding = finding_json(r, *f);
      if (auto a = amend(finding); !a) return a.error();
      out << (first ? "\n" : ",\n") << pad << "    ";
      write_indented(out, finding, indent + 4);
      first = false;
      continue;
    }
    out << (first ? "\n" : ",\n") << pad << "    ";
    first = false;
    text.clear();
    Pretty w(text, indent + 4);
    write_finding(w, r, *f);
    out.write(text.view().data(), static_cast<std::streamsize>(text.view().size()));
  }
  if (!first) out << "\n" << pad << "  ";
  out << "],\n" << pad << "  \"stats\": ";
  write_indented(out, frame["stats"], indent + 2);
  out << "\n" << pad << "}";
  return {};
}

Json to_sarif(const std::vector<Report>& reports, std::string_view version) {
  Json rules = Json::array();
  std::map<std::string, size_t> rule_index;
  Json results = Json::array();
  for (const Report& r : reports) {
    for (const Finding* f : r.shown()) {
      const VulnerabilityInfo& v = r.info(*f);
      auto [it, fresh] = rule_index.emplace(v.id, rule_index.size());
      if (fresh) {
        Json props{{"tags", Json::array({"security", "vulnerability"})}};
        if (auto score = v.score()) {
          char buf[16];
          std::snprintf(buf, sizeof buf, "%.1f", *score);
          props["security-severity"] = buf;
        }
        Json rule{{"id", v.id},
                  {"shortDescription", {{"text", v.id}}},
                  {"fullDescription", {{"text", description(v)}}},
                  {"properties", props}};
        if (v.id.starts_with("CVE-")) rule["helpUri"] = "https://nvd.nist.gov/vuln/detail/" + v.id;
        rules.push_back(rule);
      }
      const sbom::Component& c = component_of(*r.doc, *f);
      const Evidence& best = best_evidence(*f);
      std::string text = v.id + " in " + c.name + (c.version.empty() ? "" : " " + c.version) +
                         " (" + std::string(rule_name(best.rule)) + ", " +
                         std::string(confidence_name(f->confidence())) +
                         " confidence: " + best.criterion + ")";
      if (!f->fixed_versions.empty()) {
        text += "; fixed in";
        for (const auto& fx : f->fixed_versions) text += " " + fx;
      }
      Json logical{{"name", c.purls.empty() ? c.name : c.purls.front()}, {"kind", "module"}};
      if (!c.ref.empty()) logical["fullyQualifiedName"] = c.ref;
      results.push_back(
          {{"ruleId", v.id},
           {"ruleIndex", it->second},
           {"level", sarif_level(v)},
           {"kind", f->suppressed() ? "pass" : "fail"},
           {"message", {{"text", text}}},
           {"locations",
            Json::array({{{"physicalLocation", {{"artifactLocation", {{"uri", r.source}}}}},
                          {"logicalLocations", Json::array({logical})}}})},
           {"properties",
            {{"state", state_name(f->state)},
             {"confidence", confidence_name(f->confidence())},
             {"kev", v.kev.has_value()}}}});
    }
  }
  Json driver = object(3);
  driver["name"] = "Vigil";
  driver["version"] = version;
  driver["rules"] = std::move(rules);
  Json run = object(2);
  run["tool"] = object(1);
  run["tool"]["driver"] = std::move(driver);
  run["results"] = std::move(results);
  Json out = object(3);
  out["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  out["version"] = "2.1.0";
  out["runs"] = Json::array();
  out["runs"].push_back(std::move(run));
  return out;
}

Json to_cyclonedx_vex(const Report& r, std::string_view timestamp) {
  const sbom::Document& doc = *r.doc;
  // One entry per vulnerability, affecting each component it was found in.
  std::map<std::string, std::vector<const Finding*>> by_vuln;
  for (const Finding* f : r.shown()) by_vuln[f->vulnerability].push_back(f);
  Json vulns = Json::array();
  for (const auto& [id, findings] : by_vuln) {
    const VulnerabilityInfo& v = r.info(*findings.front());
    Json ratings = Json::array();
    for (const auto& c : v.cvss) {
      Json rating{{"source", {{"name", c.source}}},
                  {"method", c.version == "2.0"   ? "CVSSv2"
                             : c.version == "3.0" ? "CVSSv3"
                             : c.version == "3.1" ? "CVSSv31"
                                                  : "CVSSv4"},
                  {"vector", c.vector}};
      if (c.base_score) rating["score"] = *c.base_score;
      if (!c.severity.empty()) rating["severity"] = c.severity;
      ratings.push_back(rating);
    }
    Json cwes = Json::array();
    for (const auto& cwe : v.cwes) {
      if (cwe.starts_with("CWE-") && cwe.size() > 4 &&
          std::all_of(cwe.begin() + 4, cwe.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        cwes.push_back(std::stoi(cwe.substr(4)));
    }
    Json affects = Json::array();
    std::set<std::string> refs;
    // The analysis of the vulnerability as a whole: affected if any
    // component is, otherwise the VEX that suppressed it.
    State state = State::not_affected;
    std::string justification, detail;
    for (const Finding* f : findings) {
      const sbom::Component& c = component_of(doc, *f);
      if (!c.ref.empty() && refs.insert(c.ref).second) affects.push_back({{"ref", c.ref}});
      if (!f->suppressed()) {
        state = std::min(state, f->state);
      } else if (state != State::affected && state != State::under_investigation) {
        state = f->state;
      }
      for (const auto& s : f->vex) {
        if (!s.detail.empty()) detail = s.detail;
        if (!s.justification.empty()) justification = s.justification;
      }
    }
    Json analysis{{"state", state == State::affected              ? "exploitable"
                            : state == State::under_investigation ? "in_triage"
                            : state == State::fixed               ? "resolved"
                                                                  : "not_affected"}};
    if (state == State::not_affected) {
      if (const std::string_view j = cyclonedx_justification(justification); !j.empty())
        analysis["justification"] = j;
    }
    if (!detail.empty()) analysis["detail"] = detail;
    Json entry{{"bom-ref", "vuln:" + id}, {"id", v.id}};
    if (v.id.starts_with("CVE-")) {
      entry["source"] = {{"name", "NVD"}, {"url", "https://nvd.nist.gov/vuln/detail/" + v.id}};
    }
    if (!ratings.empty()) entry["ratings"] = ratings;
    if (!cwes.empty()) entry["cwes"] = cwes;
    if (!v.summary.empty()) entry["description"] = v.summary;
    if (const std::string published = rfc3339(v.published); !published.empty())
      entry["published"] = published;
    entry["analysis"] = analysis;
    if (!affects.empty()) entry["affects"] = affects;
    vulns.push_back(entry);
  }
  Json metadata{
      {"timestamp", timestamp},
      {"tools", {{"components", Json::array({{{"type", "application"}, {"name", "Vigil"}}})}}}};
  if (doc.has_primary) {
    Json component{{"type", doc.primary.type.empty() ? "device" : doc.primary.type},
                   {"name", doc.primary.name}};
    if (!doc.primary.ref.empty()) component["bom-ref"] = doc.primary.ref;
    if (!doc.primary.version.empty()) component["version"] = doc.primary.version;
    metadata["component"] = component;
  }
  Json out = object(5);
  out["bomFormat"] = "CycloneDX";
  out["specVersion"] = "1.6";
  out["version"] = 1;
  out["metadata"] = std::move(metadata);
  out["vulnerabilities"] = std::move(vulns);
  return out;
}

}  // namespace vigil::match
