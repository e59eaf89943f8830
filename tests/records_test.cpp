// The records and their audit trail: schema migrations (and the refusal of
// other files and newer schemas), products, releases with their SBOMs as
// submitted, the installed base, every change audited; `audit verify`
// catching each kind of tampering done with raw SQL (an entry edited,
// deleted, inserted or reordered, the end of the chain cut off, a record
// changed, deleted or created outside Vigil, the whole chain rewritten
// past an anchor); an SBOM with errors creating nothing; two writers at
// once; kill -9 in the middle of `release add` and `release scan`. Release scan keeping
// findings (first seen = the day learned) and carrying analyses forward to
// the next release, marked for confirmation; analyses with their history;
// argon2id-hashed users and electronic signatures bound to the record they
// sign; migration from every earlier schema with data in it. End to end
// through the CLI. Every test runs against both backends: a SQLite file,
// and a database on the PostgreSQL server that ctest starts for them
// (scripts/test-postgres), skipped with a message when there is none.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "kb/kb.h"
#include "match/match.h"
#include "records/records.h"
#include "store/connection.h"
#include "store/schema.h"
#include "support/fixtures.h"
#include "support/run.h"

namespace vigil::records {
namespace {

const audit::Actor kAlice{"alice", "test"};

using testing::demo_dir;
using testing::demo_kb;

std::string pump_sbom() {
  return testing::read_file(demo_dir() / "sboms" / "infusion-pump.cdx.json");
}

// The backend of the running test: "sqlite" or "postgresql".
std::string g_backend = "sqlite";

// The PostgreSQL server's socket folder, when ctest started one (its
// fixture writes postgres.dir in the working directory).
std::optional<std::string> postgres_dir() {
  const char* file = std::getenv("VIGIL_TEST_POSTGRES");
  std::ifstream in(file ? file : "postgres.dir");
  std::string dir;
  if (!std::getline(in, dir) || dir.empty()) return std::nullopt;
  return dir;
}

// Where fresh, empty records named `name` are: a new file, or a new
// database on the test server.
std::string fresh_records(const std::string& name) {
  if (g_backend == "sqlite") return (testing::fresh_dir("records-" + name) / "records.db").string();
  std::string db = "vigil_";
  for (const char c : name)
    db += std::isalnum(static_cast<unsigned char>(c)) ? char(std::tolower(c)) : '_';
  db = db.substr(0, 60);
  const std::string host = "?host=" + *postgres_dir();
  auto admin = store::open("postgresql://vigil@/postgres" + host);
  EXPECT_TRUE(admin.ok()) << admin.error().to_string();
  EXPECT_TRUE((*admin)->script("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)").ok());
  auto created = (*admin)->script("CREATE DATABASE " + db + " TEMPLATE template0");
  EXPECT_TRUE(created.ok()) << created.error().to_string();
  return "postgresql://vigil@/" + db + host;
}

// Fresh records with one product, two releases and an installed base.
std::string populated(const std::string& name) {
  const std::string path = fresh_records(name);
  auto r = Records::open(path);
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_TRUE(r->add_product("Pump",
                             testing::read_file(demo_dir() / "profiles" / "infusion-pump.json"),
                             kAlice)
                  .ok());
  for (const char* version : {"4.2.1", "4.3.0"}) {
    auto rel = r->add_release(
        {"Pump", version, "marketed", "2026-01-01", "", pump_sbom(), "infusion-pump.cdx.json"},
        kAlice);
    EXPECT_TRUE(rel.ok()) << rel.error().to_string();
  }
  EXPECT_TRUE(r->set_installed_base("Pump", "4.2.1", "St. Mary's", 120, kAlice).ok());
  EXPECT_TRUE(
      r->set_installed_base("Pump", "4.2.1", "St. Mary's", 110, {"bob", "ten units returned"})
          .ok());
  return path;
}

// Runs SQL on the records directly, as someone bypassing Vigil would.
void raw_sql(const std::string& location, const std::string& sql) {
  auto c = store::open(location);
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  auto r = (*c)->script(sql);
  EXPECT_TRUE(r.ok()) << r.error().to_string() << "\n" << sql;
}

audit::Verification verified(const std::string& path,
                             std::optional<std::pair<int64_t, std::string>> anchor = {}) {
  auto r = Records::open(path);
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  auto v = audit::verify(r->connection(), anchor);
  EXPECT_TRUE(v.ok()) << v.error().to_string();
  return *v;
}

std::string first_problem(const std::string& path) {
  const auto v = verified(path);
  EXPECT_FALSE(v.intact);
  return v.problems.empty() ? "" : v.problems.front();
}

class RecordsIn : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    g_backend = GetParam();
    if (g_backend == "postgresql" && !postgres_dir())
      GTEST_SKIP() << "no PostgreSQL test server (ctest starts one; or VIGIL_TEST_POSTGRES)";
  }
};

TEST_P(RecordsIn, EveryChangeIsAuditedAndTheTrailVerifies) {
  const std::string path = populated("audited");
  auto r = Records::open(path);
  ASSERT_TRUE(r.ok());
  auto products = r->products();
  ASSERT_TRUE(products.ok());
  ASSERT_EQ(products->size(), 1u);
  EXPECT_EQ((*products)[0].releases, 2);
  EXPECT_EQ((*products)[0].profile_sha256.size(), 64u);
  auto releases = r->releases("Pump");
  ASSERT_TRUE(releases.ok());
  ASSERT_EQ(releases->size(), 2u);
  EXPECT_EQ((*releases)[0].components, 13);
  EXPECT_EQ((*releases)[0].devices, 110);
  EXPECT_EQ((*releases)[0].sbom_format, "CycloneDX");
  EXPECT_EQ((*releases)[0].sbom_sha256, audit::sha256_hex(pump_sbom()));
  // The SBOM is kept byte for byte.
  auto kept = r->connection().query("SELECT content FROM sbom_documents WHERE release_id = ?",
                                    {(*releases)[0].id});
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->front().text(0), pump_sbom());

  // product, 2 × (release, SBOM, 13 components), site, installed base, its update.
  auto log = audit::log(r->connection());
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->size(), 1u + 2 * 15 + 3);
  const audit::Entry& last = log->back();
  EXPECT_EQ(last.action, "update");
  EXPECT_EQ(last.actor, "bob");
  EXPECT_EQ(last.reason, "ten units returned");
  EXPECT_NE(last.before->find("\"devices\":120"), std::string::npos) << *last.before;
  EXPECT_NE(last.after->find("\"devices\":110"), std::string::npos) << *last.after;
  EXPECT_EQ(last.at.size(), 24u);  // 2026-11-23T14:05:08.123Z
  auto one = audit::log(r->connection(), "installed_base", 1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 2u);

  const auto v = verified(path);
  EXPECT_TRUE(v.intact) << (v.problems.empty() ? "" : v.problems.front());
  EXPECT_EQ(v.entries, static_cast<int64_t>(log->size()));
  EXPECT_EQ(v.records, static_cast<int64_t>(log->size()) - 1);  // one update
  EXPECT_EQ(v.head_hash, last.hash);
}

TEST_P(RecordsIn, MistakesAreRefusedAndChangeNothing) {
  const std::string path = populated("refused");
  auto r = Records::open(path);
  ASSERT_TRUE(r.ok());
  const auto before = audit::log(r->connection())->size();
  const auto error = [](const auto& result) {
    return result.ok() ? std::string("accepted") : result.error().to_string();
  };
  EXPECT_EQ(error(r->add_product("Pump", std::nullopt, kAlice)), "product 'Pump' already exists");
  EXPECT_NE(error(r->add_product("Monitor", std::string(R"({"hazards": []})"), kAlice))
                .find("/product: is missing"),
            std::string::npos);
  EXPECT_EQ(error(r->add_product("Monitor", std::nullopt, {"", "x"})),
            "a change needs the user making it (--user)");
  NewRelease n{"Pump", "4.2.1", "marketed", "", "", pump_sbom(), "pump.json"};
  EXPECT_EQ(error(r->add_release(n, kAlice)), "Pump 4.2.1 already exists");
  n.version = "5.0";
  n.status = "retired";
  EXPECT_NE(error(r->add_release(n, kAlice)).find("development, marketed or end-of-support"),
            std::string::npos);
  n.status = "development";
  n.product = "Ventilator";
  EXPECT_NE(error(r->add_release(n, kAlice)).find("no product 'Ventilator'"), std::string::npos);
  // An SBOM that fails to read: no release, no SBOM, no components.
  n.product = "Pump";
  n.sbom_bytes = R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [)";
  EXPECT_NE(error(r->add_release(n, kAlice)).find("pump.json"), std::string::npos);
  n.sbom_bytes = "not an SBOM at all";
  EXPECT_FALSE(r->add_release(n, kAlice).ok());
  EXPECT_EQ(error(r->set_installed_base("Pump", "9.9", "X", 1, kAlice)).substr(0, 15),
            "no release '9.9");
  EXPECT_EQ(audit::log(r->connection())->size(), before);
  EXPECT_EQ(r->releases("Pump")->size(), 2u);
  EXPECT_TRUE(verified(path).intact);
}

TEST_P(RecordsIn, MigrationsRefuseOtherFilesAndNewerSchemas) {
  const std::string steps = fresh_records("migrations-steps");
  // Step by step from empty, as an older vigil left them.
  {
    auto c = store::open(steps);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(*store::version(**c), 0);
    for (int v = 1; v <= store::current_version(); ++v) {
      ASSERT_TRUE(store::migrate(**c, v).ok());
      EXPECT_EQ(*store::version(**c), v);
    }
    EXPECT_TRUE(store::migrate(**c).ok());  // nothing left to do
  }
  EXPECT_TRUE(Records::open(steps).ok());
  // A newer schema is refused, not misread.
  raw_sql(steps, "UPDATE meta SET value = '999' WHERE key = 'schema_version'");
  auto newer = Records::open(steps);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.error().message.find("newer than this vigil"), std::string::npos);
  // Another application's database, and a file that is not SQLite.
  const std::string other_app = fresh_records("migrations-other");
  raw_sql(other_app, "CREATE TABLE t (x TEXT)");
  auto other = Records::open(other_app);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().message.find("not Vigil records"), std::string::npos);
  if (g_backend == "sqlite") {
    const auto text = testing::fresh_dir("records-text") / "text.db";
    std::ofstream(text) << "hello, this is not a database at all, not even close......";
    EXPECT_FALSE(Records::open(text.string()).ok());
  }
}

TEST_P(RecordsIn, VerifyCatchesEveryKindOfTampering) {
  struct Case {
    const char* name;
    std::string sql;
    std::string problem;
  };
  const Case cases[] = {
      {"edit an entry", "UPDATE audit SET reason = 'nothing to see' WHERE seq = 5",
       "entry 5 does not match its hash (edited, or moved from another position)"},
      {"delete an entry", "DELETE FROM audit WHERE seq = 7", "entry 7 is missing (deleted)"},
      {"insert an entry",
       "UPDATE audit SET seq = seq + 1000 WHERE seq >= 10;"
       "UPDATE audit SET seq = seq - 999 WHERE seq >= 1000;"
       "INSERT INTO audit SELECT 10, at, actor, action, record_type, record_id, before, after, "
       "reason, prev_hash, hash FROM audit WHERE seq = 9",
       "entry 10 does not match its hash (edited, or moved from another position)"},
      {"reorder two entries",
       "UPDATE audit SET seq = -1 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4;"
       "UPDATE audit SET seq = 4 WHERE seq = -1",
       "entry 3 does not match its hash (edited, or moved from another position)"},
      {"cut the end off", "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)",
       "entry 34, the last, is missing (deleted from the end)"},
      {"change a record", "UPDATE installed_base SET devices = 500",
       "installed_base/1 differs from its last audited state (changed outside Vigil)"},
      {"delete a record", "DELETE FROM components WHERE id = 20",
       "components/20 is gone, but no audit entry deleted it (deleted outside Vigil)"},
      {"create a record",
       "INSERT INTO sites (name, created_at) VALUES ('Shadow clinic', '2026-01-01')",
       "sites/2 has no audit entry (created outside Vigil)"},
  };
  for (const Case& c : cases) {
    const std::string path = populated(std::string("tamper-") + c.name);
    raw_sql(path, c.sql);
    EXPECT_EQ(first_problem(path), c.problem) << c.name;
  }
  // Someone who recomputes every hash from entry 20 on and moves the head
  // leaves a chain that holds together; a head kept elsewhere exposes it.
  const std::string path = populated("tamper-rewritten");
  const auto before = verified(path);
  {
    auto r = Records::open(path);
    ASSERT_TRUE(r.ok());
    auto entries = audit::log(r->connection());
    ASSERT_TRUE(entries.ok());
    std::string prev = (*entries)[18].hash;
    std::string script;
    for (size_t i = 19; i < entries->size(); ++i) {
      audit::Entry e = (*entries)[i];
      if (i == 19) e.reason = "rewritten";
      e.prev_hash = prev;
      e.hash = audit::entry_hash(e);
      prev = e.hash;
      script += "UPDATE audit SET reason = '" + e.reason + "', prev_hash = '" + e.prev_hash +
                "', hash = '" + e.hash + "' WHERE seq = " + std::to_string(e.seq) + ";";
    }
    script += "UPDATE meta SET value = '" + std::to_string(entries->back().seq) + ":" + prev +
              "' WHERE key = 'audit_head';";
    r = Error{};  // closes the connection before the raw SQL
    raw_sql(path, script);
  }
  EXPECT_TRUE(verified(path).intact);
  const auto anchored = verified(path, std::pair{before.head_seq, before.head_hash});
  EXPECT_FALSE(anchored.intact);
  ASSERT_FALSE(anchored.problems.empty());
  EXPECT_NE(anchored.problems.front().find("does not carry the anchored hash"), std::string::npos);
  const std::string untouched = populated("tamper-untouched");
  const auto head = verified(untouched);
  EXPECT_TRUE(verified(untouched, std::pair{head.head_seq, head.head_hash}).intact);
}

TEST_P(RecordsIn, TwoWritersAtOnceBothSucceedOrOneIsToldTheRecordsAreBusy) {
  const std::string path = populated("concurrent");
  setenv("VIGIL_BUSY_TIMEOUT_MS", "20000", 1);
  std::vector<std::thread> writers;
  std::vector<testing::Outcome> outcomes(6);
  for (size_t i = 0; i < outcomes.size(); ++i) {
    writers.emplace_back([&, i] {
      outcomes[i] =
          testing::run_vigil({"installed-base", "set", "Pump", "4.3.0", "--site",
                              "Site " + std::to_string(i), "--devices", std::to_string(i + 1),
                              "--records", path, "--user", "writer" + std::to_string(i)});
    });
  }
  for (auto& t : writers) t.join();
  unsetenv("VIGIL_BUSY_TIMEOUT_MS");
  size_t succeeded = 0;
  for (const auto& o : outcomes) {
    if (o.status == 0) {
      ++succeeded;
    } else {
      EXPECT_EQ(o.status, 2);
      EXPECT_NE(o.err.find("the records are busy"), std::string::npos) << o.err;
    }
  }
  EXPECT_GT(succeeded, 0u);
  const auto v = verified(path);
  EXPECT_TRUE(v.intact) << (v.problems.empty() ? "" : v.problems.front());
  auto r = Records::open(path);
  ASSERT_TRUE(r.ok());
  size_t sites = 0;
  const auto base = r->installed_base("Pump");
  ASSERT_TRUE(base.ok());
  for (const auto& s : *base) sites += s.version == "4.3.0";
  EXPECT_EQ(sites, succeeded);
}

// A CycloneDX SBOM of n components, big enough that writing it takes a
// while.
std::string large_sbom(int n) {
  std::string s =
      R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [)";
  for (int i = 0; i < n; ++i) {
    s += (i ? "," : "") + std::string(R"({"type": "library", "bom-ref": "c)") + std::to_string(i) +
         R"(", "name": "lib)" + std::to_string(i) + R"(", "version": "1.0.)" + std::to_string(i) +
         R"(", "purl": "pkg:generic/lib)" + std::to_string(i) + "@1.0." + std::to_string(i) + "\"}";
  }
  return s + "]}";
}

TEST_P(RecordsIn, KillDuringReleaseAddLeavesTheRecordsAsBefore) {
  const std::string path = populated("kill");
  const auto sbom = testing::fresh_dir("records-kill-sbom") / "large.cdx.json";
  std::ofstream(sbom) << large_sbom(20000);
  const char* bin = std::getenv("VIGIL_BIN");
  ASSERT_NE(bin, nullptr);
  // Kill at a range of moments: before, during and (perhaps) after the
  // write. Whenever it lands, the release is there whole or not at all.
  for (const int delay_ms : {50, 150, 300, 600}) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      freopen("/dev/null", "w", stdout);
      execl(bin, bin, "release", "add", "Pump", ("9." + std::to_string(delay_ms)).c_str(), "--sbom",
            sbom.c_str(), "--records", path.c_str(), "--user", "alice",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGKILL);
    int raw = 0;
    waitpid(pid, &raw, 0);
    auto r = Records::open(path);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    auto rel = r->release("Pump", "9." + std::to_string(delay_ms));
    if (rel.ok()) {
      EXPECT_EQ(rel->components, 20000);
      auto n =
          r->connection().query("SELECT count(*) FROM components WHERE release_id = ?", {rel->id});
      EXPECT_EQ(n->front().integer(0), 20000);
    }
    const auto v = verified(path);
    EXPECT_TRUE(v.intact) << delay_ms << " ms: " << (v.problems.empty() ? "" : v.problems.front());
  }
}

ScanSummary scan(Records& r, const char* version, const char* learned) {
  auto kb = kb::KnowledgeBase::open(demo_kb());
  EXPECT_TRUE(kb.ok());
  match::Matcher matcher(*kb);
  auto s = r.scan_release("Pump", version, matcher, learned, "2026-11-23", kAlice);
  EXPECT_TRUE(s.ok()) << s.error().to_string();
  return s.ok() ? *s : ScanSummary{};
}

const Finding* find(const std::vector<Finding>& fs, const std::string& vuln) {
  for (const auto& f : fs) {
    if (f.vulnerability == vuln) return &f;
  }
  return nullptr;
}

TEST_P(RecordsIn, ReleaseScanKeepsFindingsAndCarriesAnalysesForward) {
  const std::string path = populated("scan");
  auto r = Records::open(path);
  ASSERT_TRUE(r.ok());
  const ScanSummary first = scan(*r, "4.2.1", "2026-11-02");
  EXPECT_EQ(first.findings, 20);
  EXPECT_EQ(first.added, 20);
  EXPECT_EQ(first.inherited, 0);
  auto old = r->findings({"Pump", "4.2.1", "", 0, 0});
  ASSERT_TRUE(old.ok());
  ASSERT_EQ(old->size(), 20u);
  const Finding* openssl = find(*old, "CVE-2022-0778");
  ASSERT_NE(openssl, nullptr);
  EXPECT_EQ(openssl->state, "in_triage");
  EXPECT_EQ(openssl->first_seen, "2026-11-02");
  EXPECT_EQ(openssl->risk, "uncontrolled");             // triaged with the product's profile
  EXPECT_TRUE(openssl->triage.contains("report_806"));  // a value, not text
  EXPECT_EQ(openssl->triage["vulnerability"], "CVE-2022-0778");
  EXPECT_EQ(openssl->evidence["match"]["rule"], "cpe-range") << openssl->evidence.dump();

  auto exploitable = r->analyze({openssl->id, "exploitable", "", "update", "fixed in 4.3.1"},
                                {"alice", "assessment A-12"});
  ASSERT_TRUE(exploitable.ok()) << exploitable.error().to_string();
  // The analysis keeps the risk evaluation it was made on.
  EXPECT_EQ(exploitable->risk, openssl->triage);
  const Finding* vx = find(*old, "CVE-2019-12255");
  ASSERT_NE(vx, nullptr);
  ASSERT_TRUE(r->analyze({vx->id, "not_affected", "protected_at_perimeter", "", "clinical VLAN"},
                         {"alice", "assessment A-13"})
                  .ok());

  // The next release: new findings, the analyses copied over to confirm.
  const ScanSummary next = scan(*r, "4.3.0", "2026-11-20");
  EXPECT_EQ(next.added, 20);
  EXPECT_EQ(next.inherited, 2);
  auto fresh = r->findings({"Pump", "4.3.0", "", 0, 0});
  ASSERT_TRUE(fresh.ok());
  const Finding* carried = find(*fresh, "CVE-2019-12255");
  ASSERT_NE(carried, nullptr);
  EXPECT_EQ(carried->state, "not_affected");
  EXPECT_TRUE(carried->needs_confirmation);
  EXPECT_EQ(carried->first_seen, "2026-11-20");
  auto history = r->analyses(carried->id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].justification, "protected_at_perimeter");
  EXPECT_EQ((*history)[0].detail, "clinical VLAN");
  EXPECT_NE((*history)[0].inherited_from, 0);
  EXPECT_EQ((*history)[0].risk, carried->triage);  // this release's evaluation
  EXPECT_TRUE(find(*fresh, "CVE-2024-0727")->state == "in_triage");
  // Confirming supersedes the inherited analysis; both stay.
  ASSERT_TRUE(r->analyze({carried->id, "not_affected", "protected_at_perimeter", "", "confirmed"},
                         {"bob", "review R-3"})
                  .ok());
  EXPECT_FALSE(r->finding(carried->id)->needs_confirmation);
  EXPECT_EQ(r->analyses(carried->id)->size(), 2u);

  // Scanning again adds nothing and keeps the day first learned.
  const ScanSummary again = scan(*r, "4.2.1", "2026-11-22");
  EXPECT_EQ(again.findings, 20);
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(again.gone, 0);
  EXPECT_EQ(r->finding(openssl->id)->first_seen, "2026-11-02");
  EXPECT_EQ(r->finding(openssl->id)->state, "exploitable");

  // Listing: by state, a page at a time.
  auto affected = r->findings({"", "", "not_affected", 0, 0});
  ASSERT_TRUE(affected.ok());
  EXPECT_EQ(affected->size(), 2u);
  auto page = r->findings({"Pump", "", "", 0, 15});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 15u);
  auto rest = r->findings({"Pump", "", "", page->back().id, 100});
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->size(), 25u);
  EXPECT_GT(rest->front().id, page->back().id);
  EXPECT_FALSE(r->findings({"", "", "fixed", 0, 0}).ok());
  EXPECT_FALSE(r->analyze({openssl->id, "not_affected", "", "", ""}, kAlice).ok());
  EXPECT_FALSE(r->analyze({openssl->id, "not_affected", "because", "", ""}, kAlice).ok());
  EXPECT_FALSE(r->analyze({99999, "exploitable", "", "", ""}, kAlice).ok());
  EXPECT_TRUE(verified(path).intact);
}

// The monitor's path: a plan matches and triages and writes nothing;
// recording it keeps what scan_release would; a plan of an SBOM that is no
// longer the release's latest is refused as a conflict and changes nothing.
TEST_P(RecordsIn, AReleaseScanPlanWritesNothingUntilItIsRecorded) {
  const std::string path = populated("plan");
  auto r = Records::open(path);
  ASSERT_TRUE(r.ok());
  auto kb = kb::KnowledgeBase::open(demo_kb());
  ASSERT_TRUE(kb.ok());
  match::Matcher matcher(*kb);
  const auto entries = r->audit_log()->size();
  auto plan = r->plan_release_scan("Pump", "4.2.1", matcher, "2026-11-02", "2026-11-23");
  ASSERT_TRUE(plan.ok()) << plan.error().to_string();
  EXPECT_EQ(plan->findings.size(), 20u);
  EXPECT_EQ(r->audit_log()->size(), entries);
  EXPECT_TRUE(r->findings({"Pump", "4.2.1", "", 0, 0})->empty());
  bool triaged = false;
  for (const auto& x : plan->findings) {
    const auto& c = match::component_of(plan->document, x.component);
    EXPECT_FALSE(c.name.empty()) << x.vulnerability;
    EXPECT_TRUE(x.evidence.contains("match")) << x.vulnerability;
    triaged = triaged || x.triage.contains("report_806");
  }
  EXPECT_TRUE(triaged);  // the product has a profile

  auto kept = r->record_scan(*plan, kAlice);
  ASSERT_TRUE(kept.ok()) << kept.error().to_string();
  EXPECT_EQ(kept->findings, 20);
  EXPECT_EQ(kept->added, 20);
  auto stored = r->findings({"Pump", "4.2.1", "", 0, 0});
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 20u);
  EXPECT_EQ(find(*stored, "CVE-2022-0778")->risk, "uncontrolled");
  EXPECT_GT(r->audit_log()->size(), entries);

  // A newer SBOM revision stored since the plan was made.
  r = Error{};
  raw_sql(path,
          "INSERT INTO sbom_documents (release_id, content, sha256, format, spec_version, "
          "encoding, file_name, components, submitted_at, submitted_by) SELECT release_id, "
          "content, sha256, format, spec_version, encoding, file_name, components, submitted_at, "
          "submitted_by FROM sbom_documents WHERE release_id = " +
              std::to_string(plan->release));
  auto again = Records::open(path);
  ASSERT_TRUE(again.ok());
  const auto before = again->audit_log()->size();
  auto stale = again->record_scan(*plan, kAlice);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().kind, ErrorKind::conflict);
  EXPECT_NE(stale.error().message.find("plan it again"), std::string::npos);
  EXPECT_EQ(again->audit_log()->size(), before);
}

TEST_P(RecordsIn, SignaturesBindTheSignedAnalysis) {
  const std::string path = populated("signatures");
  auto r = Records::open(path);
  ASSERT_TRUE(r.ok());
  scan(*r, "4.2.1", "2026-11-02");
  const int64_t finding = r->findings({"Pump", "4.2.1", "", 0, 1})->front().id;
  EXPECT_FALSE(r->add_user("carol", "quality", "short", kAlice).ok());
  ASSERT_TRUE(r->add_user("carol", "quality", "correct horse battery", kAlice).ok());
  EXPECT_FALSE(r->add_user("carol", "quality", "correct horse battery", kAlice).ok());
  // The password is kept as an argon2id hash, and out of the audit trail.
  auto hash = r->connection().query("SELECT password_hash FROM users WHERE name = 'carol'");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->front().text(0).substr(0, 10), "$argon2id$");
  auto user_log = audit::log(r->connection(), "users", 1);
  ASSERT_TRUE(user_log.ok());
  EXPECT_EQ(user_log->front().after->find("argon2id"), std::string::npos);

  const auto entries = audit::log(r->connection())->size();
  const audit::Actor carol{"carol", "review R-7"};
  auto wrong = r->analyze({finding, "exploitable", "", "", ""}, carol,
                          Signing{"approved", "not her password"});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("the password is wrong"), std::string::npos);
  EXPECT_FALSE(r->analyze({finding, "exploitable", "", "", ""}, kAlice,
                          Signing{"approved", "correct horse battery"})
                   .ok());  // alice is no user
  EXPECT_FALSE(r->analyze({finding, "exploitable", "", "", ""}, carol,
                          Signing{"witnessed", "correct horse battery"})
                   .ok());
  EXPECT_EQ(audit::log(r->connection())->size(), entries);  // nothing written

  auto signed_ = r->analyze({finding, "exploitable", "", "update", "fix in 4.3.1"}, carol,
                            Signing{"approved", "correct horse battery"});
  ASSERT_TRUE(signed_.ok()) << signed_.error().to_string();
  ASSERT_EQ(signed_->signatures.size(), 1u);
  const auto& sig = signed_->signatures.front();
  EXPECT_EQ(sig.signer, "carol");
  EXPECT_EQ(sig.meaning, "approved");
  EXPECT_EQ(sig.signed_at, signed_->created_at);
  EXPECT_TRUE(r->verify_signatures()->empty());
  EXPECT_TRUE(verified(path).intact);

  // Changing the signed analysis with SQL breaks the signature as well as
  // the trail.
  r = Error{};
  raw_sql(path,
          "UPDATE analyses SET detail = 'no fix needed' WHERE id = " + std::to_string(signed_->id));
  auto again = Records::open(path);
  ASSERT_TRUE(again.ok());
  auto problems = again->verify_signatures();
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), 1u);
  EXPECT_NE(problems->front().find("no longer matches what was signed"), std::string::npos);
  EXPECT_FALSE(verified(path).intact);
  // Records::verify, as `audit verify` calls it, holds both checks: the
  // chain's and records' problems first, then the signature's.
  auto whole = again->verify();
  ASSERT_TRUE(whole.ok()) << whole.error().to_string();
  EXPECT_FALSE(whole->intact);
  ASSERT_GE(whole->problems.size(), 2u);
  EXPECT_EQ(whole->problems.back(), problems->front());
  EXPECT_EQ(whole->entries, audit::verify(again->connection())->entries);
}

TEST_P(RecordsIn, MigratesFromEveryEarlierSchemaWithItsData) {
  for (int from = 1; from < store::current_version(); ++from) {
    const std::string path = fresh_records("from-" + std::to_string(from));
    {
      auto c = store::open(path);
      ASSERT_TRUE(c.ok());
      ASSERT_TRUE(store::migrate(**c, from).ok());
      store::Transaction tx(**c);
      ASSERT_TRUE(tx.begin_write().ok());
      auto w = audit::Writer::start(**c, kAlice);
      ASSERT_TRUE(w.ok());
      const auto text = [](const char* v) { return store::Value(std::string(v)); };
      ASSERT_TRUE(
          w->insert("products", {{"name", text("Old pump")}, {"created_at", text("2025")}}).ok());
      ASSERT_TRUE(w->insert("releases", {{"product_id", int64_t{1}},
                                         {"version", text("0.9")},
                                         {"status", text("marketed")},
                                         {"created_at", text("2025")}})
                      .ok());
      if (from >= 2) {
        // A signed analysis, as an older vigil wrote it.
        ASSERT_TRUE(w->insert("sbom_documents", {{"release_id", int64_t{1}},
                                                 {"content", store::Blob{"{}"}},
                                                 {"sha256", text("x")},
                                                 {"format", text("CycloneDX")},
                                                 {"spec_version", text("1.6")},
                                                 {"encoding", text("json")},
                                                 {"file_name", text("old.json")},
                                                 {"components", int64_t{1}},
                                                 {"submitted_at", text("2025")},
                                                 {"submitted_by", text("alice")}})
                        .ok());
        ASSERT_TRUE(w->insert("components", {{"release_id", int64_t{1}},
                                             {"sbom_id", int64_t{1}},
                                             {"ref", text("c1")},
                                             {"name", text("openssl")},
                                             {"version", text("1.1.1k")},
                                             {"purl", text("pkg:generic/openssl@1.1.1k")},
                                             {"cpe", text("")},
                                             {"supplier", text("")}})
                        .ok());
        ASSERT_TRUE(w->insert("findings", {{"release_id", int64_t{1}},
                                           {"component_id", int64_t{1}},
                                           {"vulnerability", text("CVE-2022-0778")},
                                           {"first_seen", text("2025-01-01")},
                                           {"last_seen", text("2025-01-01")},
                                           {"severity", text("high")},
                                           {"evidence", text("{}")},
                                           {"state", text("exploitable")}})
                        .ok());
        ASSERT_TRUE(w->insert("analyses", {{"finding_id", int64_t{1}},
                                           {"state", text("exploitable")},
                                           {"needs_confirmation", int64_t{0}},
                                           {"created_at", text("2025")},
                                           {"created_by", text("alice")}})
                        .ok());
        auto analysis = (*c)->query("SELECT * FROM analyses WHERE id = 1");
        ASSERT_TRUE(analysis.ok());
        ASSERT_TRUE(
            w->insert("signatures",
                      {{"analysis_id", int64_t{1}},
                       {"signer", text("alice")},
                       {"meaning", text("approved")},
                       {"signed_at", text("2025")},
                       {"record_sha256", audit::sha256_hex(audit::canonical(analysis->front()))}})
                .ok());
        ASSERT_TRUE(w->insert("users", {{"name", text("alice")},
                                        {"role", text("security")},
                                        {"password_hash", text("$argon2id$old")},
                                        {"created_at", text("2025")}})
                        .ok());
      }
      ASSERT_TRUE(w->finish().ok());
      ASSERT_TRUE(tx.commit().ok());
    }
    auto r = Records::open(path);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(*store::version(r->connection()), store::current_version());
    ASSERT_EQ(r->products()->size(), 1u);
    EXPECT_TRUE(
        r->add_release({"Old pump", "1.0", "marketed", "", "", pump_sbom(), "p.json"}, kAlice)
            .ok());
    const auto v = verified(path);
    EXPECT_TRUE(v.intact) << "from version " << from << ": "
                          << (v.problems.empty() ? "" : v.problems.front());
    // Signatures made before a migration still hold after it.
    EXPECT_TRUE(r->verify_signatures()->empty()) << "from version " << from;
  }
}

TEST_P(RecordsIn, KillDuringReleaseScanLeavesTheRecordsAsBefore) {
  const std::string path = populated("kill-scan");
  const char* bin = std::getenv("VIGIL_BIN");
  ASSERT_NE(bin, nullptr);
  for (const int delay_ms : {5, 20, 60, 150}) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      freopen("/dev/null", "w", stdout);
      execl(bin, bin, "release", "scan", "Pump", "4.2.1", "--db", demo_kb().c_str(), "--records",
            path.c_str(), "--user", "alice", static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGKILL);
    int raw = 0;
    waitpid(pid, &raw, 0);
    auto r = Records::open(path);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    auto found = r->findings({"Pump", "4.2.1", "", 0, 0});
    ASSERT_TRUE(found.ok());
    EXPECT_TRUE(found->empty() || found->size() == 20u) << found->size() << " findings";
    const auto v = verified(path);
    EXPECT_TRUE(v.intact) << delay_ms << " ms: " << (v.problems.empty() ? "" : v.problems.front());
  }
}

TEST_P(RecordsIn, CommandsWorkOnTheDemoPump) {
  const std::string path = fresh_records("cli");
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--records", path});
    return testing::run_vigil(args);
  };
  const std::string profile = (demo_dir() / "profiles" / "infusion-pump.json").string();
  const std::string sbom = (demo_dir() / "sboms" / "infusion-pump.cdx.json").string();
  auto no_user = run({"product", "add", "IP-300", "--profile", profile});
  EXPECT_EQ(no_user.status, 2);
  EXPECT_NE(no_user.err.find("needs the user"), std::string::npos) << no_user.err;
  auto added = run(
      {"product", "add", "IP-300", "--profile", profile, "--user", "alice", "--format", "json"});
  ASSERT_EQ(added.status, 0) << added.err;
  EXPECT_EQ(nlohmann::json::parse(added.out)["name"], "IP-300");
  auto rel = run({"release", "add", "IP-300", "4.2.1", "--sbom", sbom, "--status", "marketed",
                  "--released", "2026-03-01", "--user", "alice"});
  ASSERT_EQ(rel.status, 0) << rel.err;
  EXPECT_NE(rel.out.find("13 components from infusion-pump.cdx.json (CycloneDX)"),
            std::string::npos)
      << rel.out;
  auto bad = run({"release", "add", "IP-300", "4.2.2", "--sbom", profile, "--user", "alice"});
  EXPECT_EQ(bad.status, 2);
  auto base = run({"installed-base", "set", "IP-300", "4.2.1", "--site", "St. Mary's", "--devices",
                   "120", "--user", "bob", "--reason", "site survey 2026-11"});
  ASSERT_EQ(base.status, 0) << base.err;

  auto products = run({"product", "list", "--format", "json"});
  ASSERT_EQ(products.status, 0) << products.err;
  const auto pj = nlohmann::ordered_json::parse(products.out);
  ASSERT_EQ(pj.size(), 1u);
  EXPECT_EQ(pj[0].begin().key(), "id");
  auto releases = run({"release", "list", "IP-300", "--format", "json"});
  ASSERT_EQ(releases.status, 0) << releases.err;
  const auto rj = nlohmann::ordered_json::parse(releases.out);
  ASSERT_EQ(rj.size(), 1u);
  EXPECT_EQ(rj[0].begin().key(), "id");
  EXPECT_EQ(rj[0]["status"], "marketed");
  EXPECT_EQ(rj[0]["devices"], 120);
  EXPECT_EQ(rj[0]["components"], 13);

  auto log = run({"audit", "log", "--record", "installed_base/1", "--format", "json"});
  ASSERT_EQ(log.status, 0) << log.err;
  const auto lj = nlohmann::json::parse(log.out);
  ASSERT_EQ(lj.size(), 1u);
  EXPECT_EQ(lj[0]["user"], "bob");
  EXPECT_EQ(lj[0]["reason"], "site survey 2026-11");
  EXPECT_EQ(lj[0]["after"]["devices"], 120);

  auto scanned =
      testing::run_vigil({"release", "scan", "IP-300", "4.2.1", "--db", demo_kb(), "--records",
                          path, "--user", "alice", "--learned", "2026-11-02", "--format", "json"});
  ASSERT_EQ(scanned.status, 0) << scanned.err;
  EXPECT_EQ(nlohmann::json::parse(scanned.out)["new"], 20);
  auto listed =
      run({"finding", "list", "--state", "in_triage", "--limit", "2", "--format", "json"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  const auto fj = nlohmann::ordered_json::parse(listed.out);
  ASSERT_EQ(fj.size(), 2u);
  EXPECT_EQ(fj[0].begin().key(), "id");
  EXPECT_EQ(fj[0]["first_seen"], "2026-11-02");
  const std::string id = std::to_string(fj[0]["id"].get<int64_t>());
  auto user = testing::run_vigil(
      {"user", "add", "alice", "--role", "product security", "--records", path, "--user", "admin"},
      "correct horse battery\n");
  ASSERT_EQ(user.status, 0) << user.err;
  auto no_reason = run({"finding", "analyze", id, "--state", "exploitable", "--user", "alice"});
  EXPECT_EQ(no_reason.status, 2);
  auto analyzed =
      testing::run_vigil({"finding", "analyze", id, "--state", "not_affected", "--justification",
                          "code_not_reachable", "--reason", "code review CR-88", "--sign",
                          "approved", "--records", path, "--user", "alice", "--format", "json"},
                         "correct horse battery\n");
  ASSERT_EQ(analyzed.status, 0) << analyzed.err;
  const auto aj = nlohmann::json::parse(analyzed.out);
  EXPECT_EQ(aj["signatures"][0]["meaning"], "approved");
  auto shown = run({"finding", "show", id});
  ASSERT_EQ(shown.status, 0) << shown.err;
  EXPECT_NE(shown.out.find("signed approved by alice"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("on a risk evaluation: "), std::string::npos) << shown.out;

  auto ok = run({"audit", "verify"});
  EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
  EXPECT_EQ(ok.out.substr(0, 7), "intact:");
  raw_sql(path, "UPDATE releases SET status = 'development'");
  auto tampered = run({"audit", "verify", "--format", "json"});
  EXPECT_EQ(tampered.status, 1);
  const auto tj = nlohmann::json::parse(tampered.out);
  EXPECT_FALSE(tj["intact"]);
  EXPECT_EQ(tj["problems"][0],
            "releases/1 differs from its last audited state (changed outside "
            "Vigil)");
  for (const char* bad : {"products/x", "/1", "products"}) {
    auto wrong = run({"audit", "log", "--record", bad});
    EXPECT_EQ(wrong.status, 2) << bad;
    EXPECT_NE(wrong.err.find("--record must be TYPE/ID"), std::string::npos) << wrong.err;
  }
  auto no_anchor = run({"audit", "verify", "--anchor", "12:abc"});
  EXPECT_EQ(no_anchor.status, 2);
  auto none = testing::run_vigil({"product", "list"});
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("--records PATH or VIGIL_RECORDS"), std::string::npos);
}

// Stored entries hold canonical JSON; it must stay byte for byte what the
// JSON library writes, whatever the text holds (NULL columns left out).
TEST(AuditCanonical, IsWhatTheJsonLibraryWritesByteForByte) {
  const std::vector<std::string> texts = {"",
                                          "plain",
                                          "quote \" and backslash \\",
                                          "tab\tnewline\n\x01\x1f\x7f",
                                          "caf\xc3\xa9 \xe2\x9c\x93",
                                          "bad \xff\xfe utf-8",
                                          std::string("nul\0inside", 11)};
  auto columns = std::make_shared<const std::vector<std::string>>(
      std::vector<std::string>{"z", "id", "text", "blob", "none", "password_hash"});
  for (const auto& t : texts) {
    store::Row row{columns, {int64_t{-7}, int64_t{42}, t, store::Blob{t}, std::monostate{}, t}};
    nlohmann::json expected = {{"z", -7},
                               {"id", 42},
                               {"text", t},
                               {"blob", {{"sha256", audit::sha256_hex(t)}}},
                               {"password_hash", {{"sha256", audit::sha256_hex(t)}}}};
    EXPECT_EQ(audit::canonical(row),
              expected.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
        << t;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, RecordsIn, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace vigil::records
