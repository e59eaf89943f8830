// The description of each merged vulnerability, written at import from
// every record behind it, with each record's matching form.
#include <algorithm>

#include "advisory/advisory_json.h"
#include "kb/internal.h"
#include "kb/matching_form.h"
#include "kb/pack.h"

namespace vigil::kb::detail {

std::vector<std::string_view> other_names(std::string_view id,
                                          const std::vector<advisory::Advisory>& records) {
  std::vector<std::string_view> names;
  for (const advisory::Advisory& a : records) {
    names.push_back(a.id);
    names.insert(names.end(), a.aliases.begin(), a.aliases.end());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::erase(names, id);
  return names;
}

namespace {

// The description of the vulnerability `id` from the records behind it.
std::string description_body(std::string_view id, std::vector<advisory::Advisory>& records) {
  // Text from the most authoritative record: NVD, CVE 5, OSV, then the rest.
  const auto rank = [](const advisory::Advisory& a) {
    switch (a.source) {
      case advisory::Source::nvd:
        return 0;
      case advisory::Source::cve5:
        return 1;
      case advisory::Source::osv:
        return 2;
      default:
        return 3;
    }
  };
  std::sort(records.begin(), records.end(),
            [&rank](const advisory::Advisory& a, const advisory::Advisory& b) {
              return std::make_pair(rank(a), std::string_view(a.id)) <
                     std::make_pair(rank(b), std::string_view(b.id));
            });
  std::string_view summary, published;
  std::vector<std::string_view> cwes, exploits;
  std::vector<std::pair<std::string_view, std::string>> vectors;
  for (const advisory::Advisory& a : records) {
    if (summary.empty()) summary = a.summary.empty() ? a.details : a.summary;
    if (published.empty()) published = a.published;
    for (const auto& cwe : a.cwes) {
      if (std::find(cwes.begin(), cwes.end(), cwe) == cwes.end()) cwes.push_back(cwe);
    }
    for (const auto& ref : a.references) {
      if (ref.type == "EXPLOIT" &&
          std::find(exploits.begin(), exploits.end(), ref.url) == exploits.end())
        exploits.push_back(ref.url);
    }
    for (const auto& sev : a.severities) {
      std::pair<std::string_view, std::string> v{
          sev.vector, sev.source.empty() ? std::string(advisory::source_name(a.source)) + ":" + a.id
                                         : sev.source};
      if (std::find(vectors.begin(), vectors.end(), v) == vectors.end())
        vectors.push_back(std::move(v));
    }
  }
  summary = summary.substr(0, KnowledgeBase::kSummaryLimit);
  std::string body;
  PackWriter pack(body);
  const auto put = [&pack](DescriptionField f, std::string_view text,
                           std::string_view source = {}) {
    pack.add(static_cast<int64_t>(f), {text, source});
  };
  for (std::string_view n : other_names(id, records)) put(DescriptionField::alias, n);
  if (!summary.empty()) put(DescriptionField::summary, summary);
  if (!published.empty()) put(DescriptionField::published, published);
  for (std::string_view c : cwes) put(DescriptionField::cwe, c);
  for (std::string_view e : exploits) put(DescriptionField::exploit, e);
  for (const auto& [vector, source] : vectors) put(DescriptionField::cvss, vector, source);
  return body;
}

}  // namespace

// Rewrites the matching row of every record of `vulnerabilities`: its form,
// the vulnerability and the vulnerability's description, worked out from all
// its records. Every record that is new or changed vulnerability is in one
// of them, so each record's row stays current; a vulnerability left with no
// records has no rows left to describe it.
Result<void> redescribe(sqlite3* db, const std::set<std::string>& vulnerabilities) {
  Statement records(
      db,
      "SELECT a.rowid, a.body FROM groups g JOIN advisories a ON a.rowid = g.advisory "
      "WHERE g.vulnerability = ?1");
  Statement put(db,
                "INSERT OR REPLACE INTO matching (advisory, vulnerability, body, description) "
                "VALUES (?1, ?2, ?3, ?4)");
  for (const Statement* st : {&records, &put}) {
    if (!st->ok()) return Error{"knowledge base: " + st->error(), {}};
  }
  std::vector<advisory::Advisory> members;
  std::vector<std::pair<int64_t, std::string>> forms;
  for (const std::string& v : vulnerabilities) {
    members.clear();
    forms.clear();
    records.bind(1, v);
    int rc;
    while ((rc = records.step()) == SQLITE_ROW) {
      auto a = advisory::advisory_from_json(records.view(1));
      if (!a) {
        records.reset();
        return Error{
            "knowledge base: a stored record of " + v + " is damaged: " + a.error().message, {}};
      }
      forms.emplace_back(records.integer(0), detail::matching_form(*a));
      members.push_back(std::move(*a));
    }
    records.reset();
    if (rc != SQLITE_DONE) return sql_error(db, "describing " + v);
    if (members.empty()) continue;
    const std::string description = description_body(v, members);
    for (const auto& [key, form] : forms) {
      if (!put.bind(1, key).bind(2, v).bind_blob(3, form).bind_blob(4, description).run())
        return sql_error(db, "describing " + v);
    }
  }
  return {};
}

Result<void> redescribe_all(sqlite3* db) {
  std::set<std::string> all;
  {
    Statement st(db, "SELECT DISTINCT vulnerability FROM groups");
    if (!st.ok()) return Error{"knowledge base: " + st.error(), {}};
    while (st.step() == SQLITE_ROW) all.insert(st.text(0));
  }
  return redescribe(db, all);
}

}  // namespace vigil::kb::detail
