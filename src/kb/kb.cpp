// The kb handle: its connection, read snapshots, counts and cursors. The
// schema, the import, grouping, descriptions and lookups each have a file.
#include "kb/kb.h"

#include "kb/internal.h"

namespace vigil::kb {

using detail::exec;
using detail::Statement;

void KnowledgeBase::Closer::operator()(sqlite3* db) const { sqlite3_close(db); }

KnowledgeBase::ReadScope::ReadScope(const KnowledgeBase& kb) : db_(kb.db_.get()) {
  // Nested inside a write (an import) or another scope: nothing to do.
  if (sqlite3_get_autocommit(db_) != 0) began_ = exec(db_, "BEGIN").ok();
}

KnowledgeBase::ReadScope::~ReadScope() {
  if (began_) (void)exec(db_, "COMMIT");
}

KnowledgeBase::KnowledgeBase(sqlite3* db) : db_(db) {}
KnowledgeBase::KnowledgeBase(KnowledgeBase&&) noexcept = default;
KnowledgeBase& KnowledgeBase::operator=(KnowledgeBase&&) noexcept = default;
KnowledgeBase::~KnowledgeBase() = default;

Result<Stats> KnowledgeBase::stats() const {
  sqlite3* db = db_.get();
  Stats s;
  Statement vulns(db, "SELECT COUNT(DISTINCT vulnerability) FROM groups");
  Statement advs(db, "SELECT source, COUNT(*) FROM advisories GROUP BY source");
  Statement ecos(db, "SELECT ecosystem, COUNT(*) FROM packages GROUP BY ecosystem");
  Statement kev(db, "SELECT COUNT(*) FROM kev");
  Statement epss(db, "SELECT COUNT(*) FROM epss");
  Statement feeds(db, "SELECT name, updated FROM feeds");
  Statement cursors(db, "SELECT feed, scope, value FROM cursors ORDER BY feed, scope");
  for (const Statement* st : {&vulns, &advs, &ecos, &kev, &epss, &feeds, &cursors}) {
    if (!st->ok()) return Error{"knowledge base: " + st->error(), {}};
  }
  if (vulns.step() == SQLITE_ROW) s.vulnerabilities = static_cast<size_t>(vulns.integer(0));
  for (const char* src : {"osv", "nvd", "cve5", "kev", "epss", "csaf"}) s.sources[src] = 0;
  while (advs.step() == SQLITE_ROW) {
    const size_t n = static_cast<size_t>(advs.integer(1));
    s.sources[advs.text(0)] = n;
    s.advisories += n;
  }
  while (ecos.step() == SQLITE_ROW) {
    const std::string e = ecos.text(0);
    s.ecosystems[e.empty() ? "(none)" : e] = static_cast<size_t>(ecos.integer(1));
  }
  if (kev.step() == SQLITE_ROW) s.sources["kev"] = static_cast<size_t>(kev.integer(0));
  if (epss.step() == SQLITE_ROW) s.sources["epss"] = static_cast<size_t>(epss.integer(0));
  while (feeds.step() == SQLITE_ROW) s.feeds[feeds.text(0)] = feeds.text(1);
  while (cursors.step() == SQLITE_ROW)
    s.cursors[cursors.text(0)][cursors.text(1)] = cursors.text(2);
  return s;
}

Result<std::vector<Cursor>> KnowledgeBase::cursors(std::string_view feed) const {
  Statement st(db_.get(), "SELECT scope, value FROM cursors WHERE feed = ?1 ORDER BY scope");
  if (!st.ok()) return Error{"knowledge base: " + st.error(), {}};
  st.bind(1, feed);
  std::vector<Cursor> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back({std::string(feed), st.text(0), st.text(1)});
  if (rc != SQLITE_DONE) return Error{"knowledge base: cannot read the update cursors", {}};
  return out;
}

std::string KnowledgeBase::path() const {
  const char* p = sqlite3_db_filename(db_.get(), "main");
  return p ? p : "";
}

Result<bool> KnowledgeBase::empty() const {
  Statement st(db_.get(), "SELECT 1 FROM advisories LIMIT 1");
  if (!st.ok()) return Error{"knowledge base: " + st.error(), {}};
  const int rc = st.step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error{"knowledge base: cannot read it", {}};
  return rc == SQLITE_DONE;
}

Result<int64_t> KnowledgeBase::generation() const {
  auto q = queries();
  if (!q) return q.error();
  Statement& st = (*q)->data_version;
  if (st.step() != SQLITE_ROW) {
    st.reset();
    return Error{"knowledge base: cannot read its data version", {}};
  }
  // data_version changes only for other connections' commits; our own
  // imports are counted apart.
  const int64_t v = (st.integer(0) << 20) + imports_;
  st.reset();
  return v;
}

}  // namespace vigil::kb
