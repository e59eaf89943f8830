#include "kb/json.h"

#include "advisory/advisory_json.h"

namespace vigil::kb {

using Json = nlohmann::ordered_json;

Json to_json(const Stats& s) {
  Json feeds = Json::object();
  for (const auto& [name, updated] : s.feeds) feeds[name] = {{"updated", updated}};
  for (const auto& [name, scopes] : s.cursors) feeds[name]["cursors"] = scopes;
  return {{"vulnerabilities", s.vulnerabilities},
          {"advisories", s.advisories},
          {"sources", s.sources},
          {"ecosystems", s.ecosystems},
          {"feeds", feeds}};
}

Json to_json(const Vulnerability& v) {
  Json advisories = Json::array();
  for (const auto& a : v.advisories) advisories.push_back(advisory::to_json(a));
  Json kev = nullptr, epss = nullptr;
  if (v.kev) {
    kev = {{"date_added", v.kev->date_added},
           {"due_date", v.kev->due_date},
           {"ransomware", v.kev->ransomware},
           {"name", v.kev->name}};
  }
  if (v.epss) epss = {{"score", v.epss->epss}, {"percentile", v.epss->percentile}};
  return {{"id", v.id},
          {"aliases", v.aliases},
          {"kev", kev},
          {"epss", epss},
          {"advisories", advisories}};
}

}  // namespace vigil::kb
