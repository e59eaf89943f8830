#include "advisory/advisory_json.h"

#include <simdjson.h>

namespace vigil::advisory {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kRangeTypes[] = {"SEMVER", "ECOSYSTEM", "GIT"};
constexpr std::string_view kEventKinds[] = {"introduced", "fixed", "last_affected", "limit"};
constexpr std::string_view kSources[] = {"osv", "nvd", "cve5", "kev", "epss", "csaf"};

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

namespace {

// Reading the stored form back, with simdjson: a scan reads thousands of
// records, and this is most of what it costs. Every key must be there with
// its type; anything else is a damaged record.
using simdjson::dom::element;

struct Damaged {
  std::string what;
};

// A stored object's members, looked for first where to_json put them: after
// the member found last. A lookup by name from the start walked past every
// earlier member again, and a record is read member by member in order.
// Any other order still reads, by a search.
class Members {
 public:
  explicit Members(simdjson::dom::object o) : o_(o), next_(o.begin()), end_(o.end()) {}

  element field(std::string_view key) {
    if (next_ != end_ && next_.key() == key) {
      const element e = next_.value();
      ++next_;
      return e;
    }
    element e;
    if (o_[key].get(e) != simdjson::SUCCESS) throw Damaged{"no '" + std::string(key) + "'"};
    return e;
  }

 private:
  simdjson::dom::object o_;
  simdjson::dom::object::iterator next_, end_;
};

simdjson::dom::object object_of(element e) {
  simdjson::dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) throw Damaged{"an entry is not an object"};
  return o;
}

std::string text(Members& o, std::string_view key) {
  std::string_view v;
  if (o.field(key).get_string().get(v) != simdjson::SUCCESS)
    throw Damaged{"'" + std::string(key) + "' is not a string"};
  return std::string(v);
}

bool flag(Members& o, std::string_view key) {
  bool v = false;
  if (o.field(key).get_bool().get(v) != simdjson::SUCCESS)
    throw Damaged{"'" + std::string(key) + "' is not a boolean"};
  return v;
}

simdjson::dom::array list(Members& o, std::string_view key) {
  simdjson::dom::array a;
  if (o.field(key).get_array().get(a) != simdjson::SUCCESS)
    throw Damaged{"'" + std::string(key) + "' is not an array"};
  return a;
}

std::vector<std::string> texts(Members& o, std::string_view key) {
  std::vector<std::string> out;
  for (element e : list(o, key)) {
    std::string_view v;
    if (e.get_string().get(v) != simdjson::SUCCESS)
      throw Damaged{"'" + std::string(key) + "' holds a non-string"};
    out.emplace_back(v);
  }
  return out;
}

template <size_t N>
size_t index_in(const std::string_view (&names)[N], std::string_view s) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) return i;
  }
  throw Damaged{"unknown value '" + std::string(s) + "'"};
}

}  // namespace

Result<Advisory> advisory_from_json(std::string_view stored) {
  thread_local simdjson::dom::parser parser;
  const simdjson::padded_string padded(stored);
  element root;
  if (auto err = parser.parse(padded).get(root); err != simdjson::SUCCESS)
    return Error{std::string("not a stored advisory: ") + simdjson::error_message(err), {}};
  try {
    Members j(object_of(root));
    Advisory a;
    a.id = text(j, "id");
    a.source = static_cast<Source>(index_in(kSources, text(j, "source")));
    a.aliases = texts(j, "aliases");
    a.related = texts(j, "related");
    a.summary = text(j, "summary");
    a.details = text(j, "details");
    a.published = text(j, "published");
    a.modified = text(j, "modified");
    a.withdrawn = text(j, "withdrawn");
    // to_json's order from here: severities, cwes, references.
    for (element e : list(j, "severities")) {
      Members s(object_of(e));
      a.severities.push_back({text(s, "type"), text(s, "vector"), text(s, "source")});
    }
    a.cwes = texts(j, "cwes");
    for (element e : list(j, "references")) {
      Members r(object_of(e));
      a.references.push_back({text(r, "type"), text(r, "url")});
    }
    for (element e : list(j, "affected")) {
      Members af(object_of(e));
      Affected out{text(af, "ecosystem"), text(af, "name"), text(af, "purl"), {}, {}, {}};
      for (element re : list(af, "ranges")) {
        Members r(object_of(re));
        version::OsvRange range;
        range.type = static_cast<version::RangeType>(index_in(kRangeTypes, text(r, "type")));
        for (element ee : list(r, "events")) {
          const auto ev = object_of(ee);
          if (ev.size() != 1) throw Damaged{"an event has one key"};
          for (auto [key, value] : ev) {
            std::string_view v;
            if (value.get_string().get(v) != simdjson::SUCCESS)
              throw Damaged{"an event's version is not a string"};
            range.events.push_back(
                {static_cast<version::EventKind>(index_in(kEventKinds, key)), std::string(v)});
          }
        }
        out.ranges.push_back(std::move(range));
      }
      out.repos = texts(af, "repos");
      out.versions = texts(af, "versions");
      a.affected.push_back(std::move(out));
    }
    for (element ce : list(j, "configurations")) {
      Members c(object_of(ce));
      CpeConfiguration config{flag(c, "all"), flag(c, "negate"), {}};
      for (element ne : list(c, "nodes")) {
        Members n(object_of(ne));
        CpeNode node{flag(n, "all"), flag(n, "negate"), {}};
        for (element me : list(n, "matches")) {
          Members m(object_of(me));
          node.matches.push_back({text(m, "criteria"), flag(m, "vulnerable"),
                                  text(m, "start_including"), text(m, "start_excluding"),
                                  text(m, "end_including"), text(m, "end_excluding")});
        }
        config.nodes.push_back(std::move(node));
      }
      a.configurations.push_back(std::move(config));
    }
    for (element pe : list(j, "products")) {
      Members p(object_of(pe));
      a.products.push_back({text(p, "product_id"), text(p, "vendor"), text(p, "name"),
                            text(p, "full_name"), text(p, "version"), text(p, "version_range"),
                            texts(p, "purls"), texts(p, "cpes"), text(p, "status")});
    }
    return a;
  } catch (const Damaged& d) {
    return Error{"not a stored advisory: " + d.what, {}};
  }
}

}  // namespace vigil::advisory
