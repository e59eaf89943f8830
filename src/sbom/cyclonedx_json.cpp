// CycloneDX JSON (specification 1.2-1.7) into the model, checking what the
// specification's schema requires along the way. Locations are JSON pointers.
#include <simdjson.h>

#include <algorithm>
#include <optional>

#include "core/text.h"
#include "sbom/checks.h"
#include "sbom/json_fields.h"
#include "sbom/json_input.h"
#include "sbom/json_split.h"
#include "sbom/readers.h"

namespace vigil::sbom::detail {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// The arrays of the root taken out by the splitter, read element by element.
// CycloneDX's components and dependencies; SPDX's packages, relationships,
// files and snippets (read or not, a big array is never held as one tree).
constexpr std::string_view kSplitKeys[] = {"components",    "dependencies", "packages",
                                           "relationships", "files",        "snippets"};

struct Reader {
  Document& doc;
  Diagnostics d;
  std::string_view source;
  SplitInput* split = nullptr;
  std::optional<Error> fatal;           // an element that is not JSON: the read fails
  std::vector<std::string> other_refs;  // services, citations

  // How many elements the root's array `key` has (0 when it is not an array).
  size_t root_array_size(object root, std::string_view key) {
    if (const SplitJson::Array* a = split ? split->split.find(key) : nullptr)
      return a->elements.size();
    array list;
    return root[key].get_array().get(list) == simdjson::SUCCESS ? list.size() : 0;
  }

  // Calls f(element, index) for each element of the root's array `key`: from
  // the root's tree, or parsed one at a time when the splitter took it out.
  template <class F>
  void each_root_element(object root, std::string_view key, F&& f) {
    if (fatal) return;
    const SplitJson::Array* a = split_array(split, key);
    if (!a) {
      auto list = array_at(root, Key::of(key), kRoot);
      if (!list) return;
      size_t i = 0;
      for (element e : *list) f(e, i++);
      return;
    }
    fatal = each_split_element(*split, *a, source, f);
  }

  // The shared checks, with the location built only when one fails.
  void enum_at(std::string_view value, std::initializer_list<std::string_view> allowed,
               const Path& at, std::string_view what) {
    if (!one_of(value, allowed)) check_enum(value, allowed, at.str(), what, d);
  }

  std::optional<std::string_view> string_at(const Fields& o, Key key, const Path& ptr) {
    element e;
    if (!o.get(key, e)) return std::nullopt;
    std::string_view s;
    if (e.get_string().get(s) != simdjson::SUCCESS) {
      d.error(Path(ptr, key).str(), "must be a string");
      return std::nullopt;
    }
    return s;
  }
  std::optional<array> array_at(const Fields& o, Key key, const Path& ptr) {
    element e;
    if (!o.get(key, e)) return std::nullopt;
    array a;
    if (e.get_array().get(a) != simdjson::SUCCESS) {
      d.error(Path(ptr, key).str(), "must be an array");
      return std::nullopt;
    }
    return a;
  }
  std::optional<object> object_at(const Fields& o, Key key, const Path& ptr) {
    element e;
    if (!o.get(key, e)) return std::nullopt;
    object r;
    if (e.get_object().get(r) != simdjson::SUCCESS) {
      d.error(Path(ptr, key).str(), "must be an object");
      return std::nullopt;
    }
    return r;
  }
  std::optional<object> as_object(element e, const Path& ptr, std::string_view what) {
    object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) {
      d.error(ptr.str(), std::string(what) + " must be an object");
      return std::nullopt;
    }
    return o;
  }
  // The same, its members indexed through the key table: one walk of the
  // object where simdjson walks it again for each member asked for.
  std::optional<Fields> indexed_object(element e, const Path& ptr, std::string_view what) {
    auto o = as_object(e, ptr, what);
    if (!o) return std::nullopt;
    return std::optional<Fields>(std::in_place, *o, Fields::Indexed{});
  }
  std::string name_of(const Fields& o, const Path& ptr) {
    return std::string(string_at(o, "name", ptr).value_or(""));
  }

  void properties(const Fields& o, const Path& ptr, std::vector<Property>* out) {
    auto props = array_at(o, "properties", ptr);
    if (!props) return;
    if (out) out->reserve(out->size() + props->size());
    size_t i = 0;
    for (element e : *props) {
      const Path p_list(ptr, "properties");
      const Path p(p_list, i++);
      const auto po = indexed_object(e, p, "a property");
      if (!po) continue;
      auto name = string_at(*po, "name", p);
      if (!name) {
        d.error(p.str(), "a property needs a name");
        continue;
      }
      if (out)
        out->push_back({std::string(*name), std::string(string_at(*po, "value", p).value_or(""))});
    }
  }

  void licenses(const Fields& o, const Path& ptr, std::vector<std::string>* out) {
    auto list = array_at(o, "licenses", ptr);
    if (!list) return;
    size_t i = 0, licenses = 0, expressions = 0;
    for (element e : *list) {
      const Path p_list(ptr, "licenses");
      const Path p(p_list, i++);
      const auto choice = indexed_object(e, p, "a licence choice");
      if (!choice) continue;
      auto expression = string_at(*choice, "expression", p);
      auto license_object = object_at(*choice, "license", p);
      if (expression && license_object) {
        d.error(p.str(), "a licence choice holds either a licence or an expression, not both");
      }
      if (expression) {
        ++expressions;
        if (out) out->emplace_back(*expression);
      }
      if (license_object) {
        ++licenses;
        const Path lp(p, "license");
        const Fields license(*license_object, Fields::Indexed{});
        auto id = string_at(license, "id", lp);
        auto name = string_at(license, "name", lp);
        if (id && !known_spdx_license(*id)) {
          d.error(Path(lp, "id").str(),
                  quote(*id) + " is not an SPDX licence identifier (use 'name' for others)");
        }
        if (!id && !name) d.error(lp.str(), "a licence needs an 'id' or a 'name'");
        if (id && name) d.error(lp.str(), "a licence has either an 'id' or a 'name', not both");
        if (auto text = object_at(license, "text", lp)) {
          if (auto enc = string_at(*text, "encoding", Path(lp, "text")); enc && *enc != "base64") {
            d.error(Path(Path(lp, "text"), "encoding").str(),
                    "licence text encoding " + quote(*enc) + " is not 'base64'");
          }
        }
        if (out) out->emplace_back(id ? *id : name.value_or(""));
        properties(license, lp, nullptr);
      }
      if (!expression && !license_object)
        d.error(p.str(), "a licence choice needs a 'license' or an 'expression'");
    }
    // CycloneDX 1.7 allows declared licences beside a concluded expression.
    if ((expressions > 1 || (expressions && licenses)) && !at_least(doc.spec_version, 1, 7)) {
      d.error(Path(ptr, "licenses").str(),
              "a licences list holds either licences or a single expression");
    }
  }

  void hashes(const Fields& o, const Path& ptr, std::vector<Hash>& out) {
    auto list = array_at(o, "hashes", ptr);
    if (!list) return;
    out.reserve(out.size() + list->size());
    size_t i = 0;
    for (element e : *list) {
      const Path p_list(ptr, "hashes");
      const Path p(p_list, i++);
      const auto h = indexed_object(e, p, "a hash");
      if (!h) continue;
      Hash hash{std::string(string_at(*h, "alg", p).value_or("")),
                std::string(string_at(*h, "content", p).value_or(""))};
      if (!normalize_hash(hash)) check_hash(hash, p.str(), d);
      out.push_back(std::move(hash));
    }
  }

  // Identifiers a tool concluded from evidence (an object in 1.5, an array in
  // 1.6): further purls and CPEs of the component.
  void evidence_identity(const Fields& o, Component& c) {
    object ev;
    element identity, evidence;
    if (!o.get("evidence", evidence) || evidence.get_object().get(ev) != simdjson::SUCCESS ||
        ev["identity"].get(identity) != simdjson::SUCCESS) {
      return;
    }
    const auto add = [&c](element e) {
      object id;
      std::string_view field, value;
      if (e.get_object().get(id) != simdjson::SUCCESS ||
          id["field"].get_string().get(field) != simdjson::SUCCESS ||
          id["concludedValue"].get_string().get(value) != simdjson::SUCCESS) {
        return;
      }
      auto& list = field == "purl" ? c.purls : c.cpes;
      if ((field == "purl" || field == "cpe") &&
          std::find(list.begin(), list.end(), value) == list.end()) {
        list.emplace_back(value);
      }
    };
    array many;
    if (identity.get_array().get(many) == simdjson::SUCCESS) {
      for (element e : many) add(e);
    } else {
      add(identity);
    }
  }

  void pedigree(const Fields& o, const Path& ptr) {
    auto ped = object_at(o, "pedigree", ptr);
    if (!ped) return;
    auto patches = array_at(*ped, "patches", Path(ptr, "pedigree"));
    if (!patches) return;
    size_t i = 0;
    for (element e : *patches) {
      const Path ped(ptr, "pedigree");
      const Path patches_list(ped, "patches");
      const Path p(patches_list, i++);
      auto patch = as_object(e, p, "a patch");
      if (!patch) continue;
      enum_at(string_at(*patch, "type", p).value_or(""), kPatchTypes, Path(p, "type"),
              "patch type");
      if (auto resolves = array_at(*patch, "resolves", p)) {
        size_t k = 0;
        for (element r : *resolves) {
          const Path rp_list(p, "resolves");
          const Path rp(rp_list, k++);
          if (auto issue = as_object(r, rp, "an issue")) {
            enum_at(string_at(*issue, "type", rp).value_or(""), kIssueTypes, Path(rp, "type"),
                    "issue type");
          }
        }
      }
    }
  }

  // Reads one component (and its nested ones) into `out`.
  void component(element e, const Path& ptr, const std::string& parent, std::vector<Component>& out,
                 int depth) {
    const auto indexed = indexed_object(e, ptr, "a component");
    if (!indexed) return;
    const Fields& o = *indexed;
    if (depth > 64) {
      d.error(ptr.str(), "components nest more than 64 levels deep");
      return;
    }
    // Built in place: nothing else joins `out` before it is complete (nested
    // components come after), so the reference stays valid.
    Component& c = out.emplace_back();
    c.parent = parent;
    if (auto type = string_at(o, "type", ptr)) {
      c.type = std::string(*type);
      enum_at(*type, kComponentTypes, Path(ptr, "type"), "component type");
    } else {
      d.error(ptr.str(), "a component needs a 'type'");
    }
    if (auto ref = string_at(o, "bom-ref", ptr)) {
      if (ref->empty()) d.error(Path(ptr, "bom-ref").str(), "a bom-ref must not be empty");
      c.ref = std::string(*ref);
    }
    c.group = std::string(string_at(o, "group", ptr).value_or(""));
    c.name = std::string(string_at(o, "name", ptr).value_or(""));
    c.version = std::string(string_at(o, "version", ptr).value_or(""));
    if (auto range = string_at(o, "versionRange", ptr)) {
      element external;
      bool is_external = false;
      if (o.get("isExternal", external) &&
          external.get_bool().get(is_external) != simdjson::SUCCESS) {
        d.error(Path(ptr, "isExternal").str(), "must be true or false");
      }
      if (!c.version.empty())
        d.error(ptr.str(), "a component has a 'version' or a 'versionRange', not both");
      if (!is_external)
        d.error(Path(ptr, "versionRange").str(),
                "only an external component ('isExternal': true) may have a versionRange");
    }
    if (auto purl = string_at(o, "purl", ptr)) c.purls.emplace_back(*purl);
    if (auto cpe = string_at(o, "cpe", ptr)) c.cpes.emplace_back(*cpe);
    if (auto supplier = object_at(o, "supplier", ptr))
      c.supplier = name_of(*supplier, Path(ptr, "supplier"));
    if (auto maker = object_at(o, "manufacturer", ptr))
      c.manufacturer = name_of(*maker, Path(ptr, "manufacturer"));
    if (c.supplier.empty()) c.supplier = std::string(string_at(o, "publisher", ptr).value_or(""));
    c.author = std::string(string_at(o, "author", ptr).value_or(""));
    if (auto authors = array_at(o, "authors", ptr)) {
      for (element a : *authors) {
        object ao;
        std::string_view n;
        if (a.get_object().get(ao) == simdjson::SUCCESS &&
            ao["name"].get_string().get(n) == simdjson::SUCCESS) {
          if (!c.author.empty()) c.author += ", ";
          c.author += n;
        }
      }
    }
    hashes(o, ptr, c.hashes);
    licenses(o, ptr, &c.licenses);
    if (auto scope = string_at(o, "scope", ptr)) {
      c.scope = std::string(*scope);
      enum_at(*scope, kScopes, Path(ptr, "scope"), "scope");
    }
    if (auto refs = array_at(o, "externalReferences", ptr)) {
      size_t i = 0;
      for (element r : *refs) {
        const Path p_list(ptr, "externalReferences");
        const Path p(p_list, i++);
        const auto ro = indexed_object(r, p, "an external reference");
        if (!ro) continue;
        ExternalReference x{std::string(string_at(*ro, "type", p).value_or("")),
                            std::string(string_at(*ro, "url", p).value_or(""))};
        enum_at(x.type, kExternalReferenceTypes, Path(p, "type"), "external reference type");
        if (x.url.empty()) d.error(p.str(), "an external reference needs a 'url'");
        c.external_references.push_back(std::move(x));
      }
    }
    properties(o, ptr, &c.properties);
    if (auto swid = object_at(o, "swid", ptr)) {
      auto tag = string_at(*swid, "tagId", Path(ptr, "swid"));
      if (!tag || !string_at(*swid, "name", Path(ptr, "swid"))) {
        d.error(Path(ptr, "swid").str(), "a SWID tag needs a 'tagId' and a 'name'");
      }
      if (tag) c.other_ids.push_back("swid:" + std::string(*tag));
    }
    for (const Key key : {Key("omniborId"), Key("swhid")}) {
      if (auto ids = array_at(o, key, ptr)) {
        for (element id : *ids) {
          std::string_view s;
          if (id.get_string().get(s) == simdjson::SUCCESS) c.other_ids.emplace_back(s);
        }
      }
    }
    evidence_identity(o, c);
    pedigree(o, ptr);
    const std::string ref = c.ref;
    if (auto nested = array_at(o, "components", ptr)) {
      const Path nested_list(ptr, "components");
      size_t i = 0;
      for (element n : *nested) {
        component(n, Path(nested_list, i++), ref, doc.components, depth + 1);
      }
    }
  }

  void services(object o, const Path& ptr, int depth, const std::string& parent = "") {
    auto list = array_at(o, "services", ptr);
    if (!list || depth > 64) return;
    size_t i = 0;
    for (element e : *list) {
      const Path p_list(ptr, "services");
      const Path p(p_list, i++);
      auto s = as_object(e, p, "a service");
      if (!s) continue;
      Service svc{std::string(string_at(*s, "bom-ref", p).value_or("")),
                  std::string(string_at(*s, "name", p).value_or("")),
                  std::string(string_at(*s, "version", p).value_or("")), parent};
      if (!svc.ref.empty()) other_refs.push_back(svc.ref);
      if (svc.name.empty()) d.error(p.str(), "a service needs a 'name'");
      const std::string ref = svc.ref;
      doc.services.push_back(std::move(svc));
      if (auto data = array_at(*s, "data", p)) {
        size_t k = 0;
        for (element f : *data) {
          const Path fp_list(p, "data");
          const Path fp(fp_list, k++);
          if (auto flow = as_object(f, fp, "a data flow")) {
            enum_at(string_at(*flow, "flow", fp).value_or(""), kDataFlows, Path(fp, "flow"),
                    "data flow");
          }
        }
      }
      licenses(*s, p, nullptr);
      properties(*s, p, nullptr);
      services(*s, p, depth + 1, ref);
    }
  }

  void citations(object root) {
    auto list = array_at(root, "citations", kRoot);
    if (!list) return;
    size_t i = 0;
    for (element e : *list) {
      const Path p_list(kRoot, "citations");
      const Path p(p_list, i++);
      auto c = as_object(e, p, "a citation");
      if (!c) continue;
      element x;
      if ((*c)["attributedTo"].get(x) != simdjson::SUCCESS &&
          (*c)["process"].get(x) != simdjson::SUCCESS) {
        d.error(p.str(), "a citation needs 'attributedTo' or 'process'");
      }
      if ((*c)["pointers"].get(x) == simdjson::SUCCESS &&
          (*c)["expressions"].get(x) == simdjson::SUCCESS) {
        d.error(p.str(), "a citation has 'pointers' or 'expressions', not both");
      }
      if (auto ref = string_at(*c, "bom-ref", p)) other_refs.emplace_back(*ref);
    }
  }

  void metadata(object root) {
    auto m = object_at(root, "metadata", kRoot);
    if (!m) return;
    const Path p(kRoot, "metadata");
    for (auto [key, value] : *m) {
      if (!one_of(key, kMetadataFields)) {
        d.error(Path(p, key).str(), quote(key) + " is not a CycloneDX metadata field");
      }
    }
    if (auto ts = string_at(*m, "timestamp", p)) {
      doc.timestamp = std::string(*ts);
      if (!valid_date_time(*ts))
        d.error(Path(p, "timestamp").str(), quote(*ts) + " is not an RFC 3339 date-time");
    }
    element tools;
    if ((*m)["tools"].get(tools) == simdjson::SUCCESS) {
      array legacy;
      object modern;
      const auto add_tool = [this](element t) {
        object to;
        if (t.get_object().get(to) != simdjson::SUCCESS) return;
        std::string_view name, version;
        if (to["name"].get_string().get(name) != simdjson::SUCCESS) return;
        std::string tool(name);
        if (to["version"].get_string().get(version) == simdjson::SUCCESS)
          tool += " " + std::string(version);
        doc.tools.push_back(std::move(tool));
      };
      if (tools.get_array().get(legacy) == simdjson::SUCCESS) {
        for (element t : legacy) add_tool(t);
      } else if (tools.get_object().get(modern) == simdjson::SUCCESS) {
        for (const Key key : {Key("components"), Key("services")}) {
          if (auto list = array_at(modern, key, Path(p, "tools"))) {
            for (element t : *list) add_tool(t);
          }
        }
      } else {
        d.error(Path(p, "tools").str(), "must be an array or an object");
      }
    }
    if (auto authors = array_at(*m, "authors", p)) {
      for (element a : *authors) {
        object ao;
        std::string_view n;
        if (a.get_object().get(ao) == simdjson::SUCCESS &&
            ao["name"].get_string().get(n) == simdjson::SUCCESS) {
          doc.authors.emplace_back(n);
        }
      }
    }
    if (auto maker = object_at(*m, "manufacturer", p)) {
      if (doc.authors.empty()) {
        if (auto n = string_at(*maker, "name", Path(p, "manufacturer")))
          doc.authors.emplace_back(*n);
      }
    }
    element primary;
    if ((*m)["component"].get(primary) == simdjson::SUCCESS) {
      std::vector<Component> one;
      component(primary, Path(p, "component"), "", one, 0);
      if (!one.empty()) {
        doc.has_primary = true;
        doc.primary = std::move(one.front());
        doc.name = doc.primary.name;
      }
    }
    licenses(*m, p, nullptr);
    properties(*m, p, nullptr);
  }

  void dependencies(object root) {
    const Path p_list(kRoot, "dependencies");
    each_root_element(root, "dependencies", [&](element e, size_t i) {
      const Path p(p_list, i);
      auto o = as_object(e, p, "a dependency");
      if (!o) return;
      auto ref = string_at(*o, "ref", p);
      if (!ref || ref->empty()) {
        d.error(p.str(), "a dependency needs a non-empty 'ref'");
        return;
      }
      if (auto on = array_at(*o, "dependsOn", p)) {
        size_t k = 0;
        for (element t : *on) {
          std::string_view to;
          if (t.get_string().get(to) != simdjson::SUCCESS) {
            d.error(Path(Path(p, "dependsOn"), k).str(), "must be a string");
          } else {
            doc.dependencies.push_back({std::string(*ref), std::string(to)});
          }
          ++k;
        }
      }
    });
  }
};

constexpr std::string_view kVersions[] = {"1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"};

}  // namespace

Result<Document> read_cyclonedx_json(const element& root_element, std::string_view source,
                                     SplitInput* split) {
  object root;
  if (root_element.get_object().get(root) != simdjson::SUCCESS) {
    return Error{"not an SBOM: the JSON document is not an object", std::string(source)};
  }
  Document doc;
  doc.format = Format::cyclonedx;
  doc.encoding = Encoding::json;
  Reader r{doc, Diagnostics(doc.diagnostics), source, split, {}, {}};
  if (auto fmt = r.string_at(root, "bomFormat", kRoot); !fmt || *fmt != "CycloneDX") {
    r.d.error("/bomFormat", "must be \"CycloneDX\"");
  }
  auto spec = r.string_at(root, "specVersion", kRoot);
  if (!spec) {
    r.d.error("/specVersion", "is missing; expected 1.2 to 1.7");
  } else {
    doc.spec_version = std::string(*spec);
    if (std::find(std::begin(kVersions), std::end(kVersions), *spec) == std::end(kVersions)) {
      r.d.error("/specVersion",
                quote(*spec) + " is not a CycloneDX version Vigil reads (1.2 to 1.7)");
    }
  }
  if (auto serial = r.string_at(root, "serialNumber", kRoot)) {
    doc.serial_number = std::string(*serial);
    if (!valid_serial_number(*serial)) {
      r.d.error("/serialNumber", quote(*serial) + " is not an RFC 4122 URN (urn:uuid:...)");
    }
  }
  element version;
  if (root["version"].get(version) == simdjson::SUCCESS) {
    int64_t v;
    if (version.get_int64().get(v) != simdjson::SUCCESS || v < 1) {
      r.d.error("/version", "must be an integer of at least 1");
    }
  }
  r.metadata(root);
  // Sized up front: a doubling vector of components would hold two copies at its peak.
  doc.components.reserve(r.root_array_size(root, "components"));
  const Path list(kRoot, "components");
  r.each_root_element(root, "components", [&](element e, size_t i) {
    r.component(e, Path(list, i), "", doc.components, 0);
  });
  r.services(root, kRoot, 0);
  r.citations(root);
  r.dependencies(root);
  if (r.fatal) return std::move(*r.fatal);
  finish(doc, r.other_refs);
  return doc;
}

namespace {

// A parsed root: SPDX or CycloneDX by its keys.
Result<Document> read_root(element root, std::string_view source, SplitInput* split) {
  object o;
  if (root.get_object().get(o) == simdjson::SUCCESS) {
    element e;
    if (o["spdxVersion"].get(e) == simdjson::SUCCESS || o["SPDXID"].get(e) == simdjson::SUCCESS) {
      return read_spdx_json(root, source, split);
    }
    if (o["bomFormat"].get(e) == simdjson::SUCCESS ||
        o["specVersion"].get(e) == simdjson::SUCCESS) {
      return read_cyclonedx_json(root, source, split);
    }
    // SPDX 3 is JSON-LD: a "@context" naming SPDX's, elements in "@graph".
    std::string_view context;
    if (o["@context"].get(context) == simdjson::SUCCESS &&
        context.find("spdx") != std::string_view::npos)
      return unsupported("SPDX 3 JSON-LD", source);
  }
  return Error{
      "not an SBOM: a JSON document without 'bomFormat' (CycloneDX) or 'spdxVersion' (SPDX)",
      std::string(source)};
}

Result<Document> parse_and_read(simdjson::dom::parser& parser, simdjson::padded_string_view text,
                                std::string* release, std::string_view source) {
  element root;
  if (auto err = parser.parse(text).get(root); err != simdjson::SUCCESS) {
    return Error{std::string("not readable JSON: ") + simdjson::error_message(err),
                 std::string(source)};
  }
  // The DOM holds its own copy of every string: the text can go now.
  if (release) std::string().swap(*release);
  return read_root(root, source, nullptr);
}

}  // namespace

std::vector<std::string_view> split_keys() {
  return {std::begin(kSplitKeys), std::end(kSplitKeys)};
}

Result<Document> read_split_json(const SplitJson& split, SpanReader& spans,
                                 std::string_view source) {
  std::string text = split.root;
  const size_t length = text.size();
  text.append(simdjson::SIMDJSON_PADDING, '\0');
  std::optional<simdjson::dom::parser> own;
  element root;
  if (auto err =
          parser_for(length, own, ParserUse::document).parse(text.data(), length, false).get(root);
      err != simdjson::SUCCESS) {
    return Error{std::string("not readable JSON: ") + simdjson::error_message(err),
                 std::string(source)};
  }
  SplitInput input{split, spans};
  auto doc = read_root(root, source, &input);
  // Every byte is checked as one parse tree would check it, also in arrays
  // the reader had no use for (an SPDX document's "components").
  for (const SplitJson::Array& a : split.arrays) {
    if (std::find(input.read.begin(), input.read.end(), a.key) != input.read.end()) continue;
    if (auto error = each_split_element(input, a, source, [](element, size_t) {}))
      return std::move(*error);
  }
  return doc;
}

Result<Document> read_json(std::string_view bytes, std::string_view source) {
  // Text already in memory and small enough for a reused parser: one tree is
  // faster than splitting, and its memory is bounded by the limit.
  if (bytes.size() <= kReusedParserLimit) return read_whole_json(bytes, source);
  return read_split_json(bytes, source);
}

Result<Document> read_split_json(std::string_view bytes, std::string_view source) {
  JsonSplitter splitter(split_keys());
  if (splitter.feed(bytes)) {
    if (auto split = splitter.finish()) {
      MemorySpans spans(bytes);
      return read_split_json(*split, spans, source);
    }
  }
  return read_whole_json(bytes, source);
}

Result<Document> read_whole_json(std::string_view bytes, std::string_view source) {
  // A copy with simdjson's padding: the parser reads up to 64 bytes past the
  // text, and a view lent by a caller owns none. The shipped path and the
  // sanitizer builds' path are one; a caller that can lend a string of its
  // own reads without a copy (read_in_place).
  std::optional<simdjson::dom::parser> own;
  const simdjson::padded_string padded(bytes);
  return parse_and_read(parser_for(bytes.size(), own, ParserUse::document), padded, nullptr,
                        source);
}

Result<Document> read_json_in_place(std::string& text, std::string_view source) {
  const size_t size = text.size();
  if (size > kReusedParserLimit) return read_split_json(text, source);
  // Zeros rather than whatever the capacity held: the parser's reads past
  // the end then see defined bytes.
  text.append(simdjson::SIMDJSON_PADDING, '\0');
  struct Restore {
    std::string& text;
    size_t size;
    ~Restore() { text.resize(size); }
  } restore{text, size};
  std::optional<simdjson::dom::parser> own;
  return parse_and_read(parser_for(size, own, ParserUse::document),
                        simdjson::padded_string_view(text.data(), size, text.size()), nullptr,
                        source);
}

Result<Document> read_json_padded(std::string&& padded, size_t length, std::string_view source) {
  std::optional<simdjson::dom::parser> own;
  std::string text = std::move(padded);
  return parse_and_read(parser_for(length, own, ParserUse::document),
                        simdjson::padded_string_view(text.data(), length, text.size()), &text,
                        source);
}

}  // namespace vigil::sbom::detail
