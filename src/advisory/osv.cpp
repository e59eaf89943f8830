#include "advisory/osv.h"

#include <simdjson.h>

#include "advisory/json_util.h"
#include "advisory/readers.h"
#include "core/text.h"

namespace vigil::advisory {
namespace {

using detail::each;
using detail::str;
using detail::strings;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

struct Reader {
  std::string problem;  // the first rule the record breaks

  void fail(std::string what) {
    if (problem.empty()) problem = std::move(what);
  }

  void range(object r, Affected& a, size_t index) {
    const std::string where = "affected " + quote(a.name) + " range " + std::to_string(index);
    auto type = version::parse_range_type(str(r, "type"));
    if (!type) return fail(where + ": " + type.error().message);
    version::OsvRange out;
    out.type = *type;
    each(r, "events", [&](element e) {
      object ev;
      if (e.get_object().get(ev) != simdjson::SUCCESS)
        return fail(where + ": an event is not an object");
      size_t kinds = 0;
      for (auto [key, value] : ev) {
        std::string_view v;
        if (value.get_string().get(v) != simdjson::SUCCESS) continue;
        version::EventKind kind;
        if (key == "introduced")
          kind = version::EventKind::introduced;
        else if (key == "fixed")
          kind = version::EventKind::fixed;
        else if (key == "last_affected")
          kind = version::EventKind::last_affected;
        else if (key == "limit")
          kind = version::EventKind::limit;
        else
          continue;
        ++kinds;
        out.events.push_back({kind, std::string(v)});
      }
      if (kinds != 1)
        fail(where + ": an event needs exactly one of introduced, fixed, last_affected, limit");
    });
    if (out.events.empty()) return fail(where + ": has no events");
    if (out.type == version::RangeType::git) a.repos.emplace_back(str(r, "repo"));
    a.ranges.push_back(std::move(out));
  }

  void affected(element e, Advisory& adv) {
    object o, pkg;
    if (e.get_object().get(o) != simdjson::SUCCESS)
      return fail("an affected entry is not an object");
    Affected a;
    if (o["package"].get_object().get(pkg) == simdjson::SUCCESS) {
      a.ecosystem = std::string(str(pkg, "ecosystem"));
      a.name = std::string(str(pkg, "name"));
      a.purl = std::string(str(pkg, "purl"));
      if (a.ecosystem.empty() || a.name.empty()) {
        return fail("an affected package needs an ecosystem and a name");
      }
    }
    size_t i = 0;
    each(o, "ranges", [&](element r) {
      object ro;
      if (r.get_object().get(ro) != simdjson::SUCCESS) return fail("a range is not an object");
      range(ro, a, i++);
    });
    a.versions = strings(o, "versions");
    adv.affected.push_back(std::move(a));
  }
};

}  // namespace

Result<Advisory> read_osv(simdjson::dom::object o, std::string_view source) {
  Advisory adv;
  adv.source = Source::osv;
  adv.id = std::string(str(o, "id"));
  if (adv.id.empty()) return Error{"an OSV record needs an 'id'", std::string(source)};
  Reader r;
  adv.modified = std::string(str(o, "modified"));
  if (adv.modified.empty()) r.fail("needs a 'modified' time");
  adv.published = std::string(str(o, "published"));
  adv.withdrawn = std::string(str(o, "withdrawn"));
  adv.summary = std::string(str(o, "summary"));
  adv.details = std::string(str(o, "details"));
  adv.aliases = strings(o, "aliases");
  adv.related = strings(o, "related");
  each(o, "severity", [&](element e) {
    object s;
    if (e.get_object().get(s) == simdjson::SUCCESS) {
      adv.severities.push_back({std::string(str(s, "type")), std::string(str(s, "score")), ""});
    }
  });
  each(o, "references", [&](element e) {
    object ref;
    if (e.get_object().get(ref) == simdjson::SUCCESS) {
      adv.references.push_back({std::string(str(ref, "type")), std::string(str(ref, "url"))});
    }
  });
  object db;
  if (o["database_specific"].get_object().get(db) == simdjson::SUCCESS) {
    adv.cwes = strings(db, "cwe_ids");  // GitHub's advisories
  }
  each(o, "affected", [&](element e) { r.affected(e, adv); });
  if (!r.problem.empty()) {
    return Error{"OSV record " + quote(adv.id) + " " + r.problem, std::string(source)};
  }
  return adv;
}

Result<Advisory> parse_osv(std::string_view json, std::string_view source) {
  return detail::parse_then(json, source, "an OSV record", read_osv);
}

}  // namespace vigil::advisory
