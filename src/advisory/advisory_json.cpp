#include "advisory/advisory_json.h"

namespace vigil::advisory {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kRangeTypes[] = {"SEMVER", "ECOSYSTEM", "GIT"};
constexpr std::string_view kEventKinds[] = {"introduced", "fixed", "last_affected", "limit"};
constexpr std::string_view kSources[] = {"osv", "nvd", "cve5", "kev", "epss", "csaf"};

template <size_t N>
size_t index_of(const std::string_view (&names)[N], std::string_view s) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) return i;
  }
  throw std::invalid_argument("unknown value '" + std::string(s) + "'");
}

Json match_json(const CpeMatch& m) {
  return {{"criteria", m.criteria},
          {"vulnerable", m.vulnerable},
          {"start_including", m.start_including},
          {"start_excluding", m.start_excluding},
          {"end_including", m.end_including},
          {"end_excluding", m.end_excluding}};
}

}  // namespace

Json to_json(const Advisory& a) {
  Json sev = Json::array(), refs = Json::array(), affected = Json::array(), configs = Json::array(),
       products = Json::array();
  for (const auto& s : a.severities)
    sev.push_back({{"type", s.type}, {"vector", s.vector}, {"source", s.source}});
  for (const auto& r : a.references) refs.push_back({{"type", r.type}, {"url", r.url}});
  for (const auto& af : a.affected) {
    Json ranges = Json::array();
    for (const auto& r : af.ranges) {
      Json events = Json::array();
      for (const auto& e : r.events) {
        events.push_back({{std::string(kEventKinds[static_cast<size_t>(e.kind)]), e.version}});
      }
      ranges.push_back({{"type", kRangeTypes[static_cast<size_t>(r.type)]}, {"events", events}});
    }
    affected.push_back({{"ecosystem", af.ecosystem},
                        {"name", af.name},
                        {"purl", af.purl},
                        {"ranges", ranges},
                        {"repos", af.repos},
                        {"versions", af.versions}});
  }
  for (const auto& c : a.configurations) {
    Json nodes = Json::array();
    for (const auto& n : c.nodes) {
      Json matches = Json::array();
      for (const auto& m : n.matches) matches.push_back(match_json(m));
      nodes.push_back({{"all", n.all}, {"negate", n.negate}, {"matches", matches}});
    }
    configs.push_back({{"all", c.all}, {"negate", c.negate}, {"nodes", nodes}});
  }
  for (const auto& p : a.products) {
    products.push_back({{"product_id", p.product_id},
                        {"vendor", p.vendor},
                        {"name", p.name},
                        {"full_name", p.full_name},
                        {"version", p.version},
                        {"version_range", p.version_range},
                        {"purls", p.purls},
                        {"cpes", p.cpes},
                        {"status", p.status}});
  }
  return {{"id", a.id},
          {"source", kSources[static_cast<size_t>(a.source)]},
          {"aliases", a.aliases},
          {"related", a.related},
          {"summary", a.summary},
          {"details", a.details},
          {"published", a.published},
          {"modified", a.modified},
          {"withdrawn", a.withdrawn},
          {"severities", sev},
          {"cwes", a.cwes},
          {"references", refs},
          {"affected", affected},
          {"configurations", configs},
          {"products", products}};
}

Result<Advisory> advisory_from_json(std::string_view text) {
  try {
    const Json j = Json::parse(text);
    Advisory a;
    a.id = j.at("id");
    a.source = static_cast<Source>(index_of(kSources, j.at("source").get<std::string>()));
    a.aliases = j.at("aliases").get<std::vector<std::string>>();
    a.related = j.at("related").get<std::vector<std::string>>();
    a.summary = j.at("summary");
    a.details = j.at("details");
    a.published = j.at("published");
    a.modified = j.at("modified");
    a.withdrawn = j.at("withdrawn");
    a.cwes = j.at("cwes").get<std::vector<std::string>>();
    for (const auto& s : j.at("severities"))
      a.severities.push_back({s.at("type"), s.at("vector"), s.at("source")});
    for (const auto& r : j.at("references")) a.references.push_back({r.at("type"), r.at("url")});
    for (const auto& af : j.at("affected")) {
      Affected out{af.at("ecosystem"), af.at("name"),    af.at("purl"), {},
                   af.at("repos"),     af.at("versions")};
      for (const auto& r : af.at("ranges")) {
        version::OsvRange range;
        range.type =
            static_cast<version::RangeType>(index_of(kRangeTypes, r.at("type").get<std::string>()));
        for (const auto& e : r.at("events")) {
          // One key per event; read through a live iterator, not a binding to a temporary.
          if (!e.is_object() || e.size() != 1) throw std::invalid_argument("an event has one key");
          const auto it = e.begin();
          range.events.push_back({static_cast<version::EventKind>(index_of(kEventKinds, it.key())),
                                  it.value().get<std::string>()});
        }
        out.ranges.push_back(std::move(range));
      }
      a.affected.push_back(std::move(out));
    }
    for (const auto& c : j.at("configurations")) {
      CpeConfiguration config{c.at("all"), c.at("negate"), {}};
      for (const auto& n : c.at("nodes")) {
        CpeNode node{n.at("all"), n.at("negate"), {}};
        for (const auto& m : n.at("matches")) {
          node.matches.push_back({m.at("criteria"), m.at("vulnerable"), m.at("start_including"),
                                  m.at("start_excluding"), m.at("end_including"),
                                  m.at("end_excluding")});
        }
        config.nodes.push_back(std::move(node));
      }
      a.configurations.push_back(std::move(config));
    }
    for (const auto& p : j.at("products")) {
      a.products.push_back({p.at("product_id"), p.at("vendor"), p.at("name"), p.at("full_name"),
                            p.at("version"), p.at("version_range"), p.at("purls"), p.at("cpes"),
                            p.at("status")});
    }
    return a;
  } catch (const std::exception& e) {
    return Error{std::string("not a stored advisory: ") + e.what(), {}};
  }
}

}  // namespace vigil::advisory
