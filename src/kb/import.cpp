// An import: feed files, folders and archives into the kb in one
// transaction, each record stored, indexed and grouped, with what it
// changed.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "advisory/advisory_json.h"
#include "advisory/csaf.h"
#include "advisory/cve5.h"
#include "advisory/gzip.h"
#include "advisory/json_util.h"
#include "advisory/nvd.h"
#include "advisory/osv.h"
#include "advisory/readers.h"
#include "core/dates.h"
#include "core/file.h"
#include "core/text.h"
#include "kb/archive.h"
#include "kb/change_set.h"
#include "kb/internal.h"

#include <simdjson.h>

namespace vigil::kb {

namespace fs = std::filesystem;
using detail::exec;
using detail::Indexer;
using detail::kBusyTimeoutMs;
using detail::kCpePacks;
using detail::kImportCache;
using detail::kPackagePacks;
using detail::kReadCache;
using detail::regroup;
using detail::repack;
using detail::sql_error;
using detail::Statement;

namespace {

std::string now_utc() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

enum class Feed { osv, nvd, cve5, csaf, kev, epss, unknown };

bool is_epss(std::string_view text) {
  const std::string_view head = trim(text.substr(0, 256));
  return head.rfind("#model_version", 0) == 0 || head.rfind("cve,epss", 0) == 0;
}

// The feed a JSON document belongs to, from its top-level keys: the content
// decides, never the file name.
Feed feed_of(simdjson::dom::object root) {
  const auto has = [&root](std::string_view key) {
    simdjson::dom::element e;
    return root[key].get(e) == simdjson::SUCCESS;
  };
  if (has("cveMetadata")) return Feed::cve5;
  if (has("catalogVersion")) return Feed::kev;
  if (has("document")) return Feed::csaf;
  if (has("vulnerabilities") || has("sourceIdentifier") || has("configurations")) return Feed::nvd;
  if (has("id") && has("modified")) return Feed::osv;
  return Feed::unknown;
}

std::string_view feed_name(Feed f) {
  constexpr std::string_view kNames[] = {"osv", "nvd", "cve5", "csaf", "kev", "epss", "unknown"};
  return kNames[static_cast<size_t>(f)];
}

class Importer {
 public:
  Importer(sqlite3* db, ImportReport& report) : db_(db), report_(report) {}

  Result<void> prepare() {
    for (const Statement* s :
         {&find_, &insert_, &remove_, &old_group_, &old_cpes_, &old_packages_, &old_products_,
          &alias_, &kev_, &kev_old_, &epss_, &epss_old_, &feed_}) {
      if (!s->ok()) return Error{"knowledge base: " + s->error(), {}};
    }
    return indexer_.prepare();
  }

  Result<void> file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (!in || ec) {
      report_.skipped.push_back({"cannot open the file", path.string()});
      return {};
    }
    auto limit = input_limit(kFeedInput);
    if (!limit) return limit.error();
    if (size > *limit) {
      report_.skipped.push_back(too_large(kFeedInput, *limit, path.string()));
      return {};
    }
    // Room for simdjson's padding, so that the text is parsed where it lies.
    buffer_.reserve(size + simdjson::SIMDJSON_PADDING);
    buffer_.resize(size);
    if (!in.read(buffer_.data(), static_cast<std::streamsize>(size))) {
      report_.skipped.push_back({"cannot read the file", path.string()});
      return {};
    }
    if (buffer_.starts_with("PK\x03\x04") || path.extension() == ".zip") {
      const std::string bytes = std::move(buffer_);
      buffer_ = std::string();
      return archive(bytes, path.string());
    }
    return content(buffer_, path.string(), path.extension() == ".gz");
  }

  // An archive of feed files, as osv.dev publishes each ecosystem
  // (all.zip): every .json, .csv and .gz entry in name order, each named
  // "ARCHIVE!/ENTRY" in messages. A damaged archive is skipped by name; a
  // damaged entry is skipped by its name.
  Result<void> archive(const std::string& bytes, const std::string& source) {
    auto limit = input_limit(kArchiveEntryInput);
    if (!limit) return limit.error();
    return detail::read_archive(
        bytes, source, *limit, simdjson::SIMDJSON_PADDING,
        [this](const std::string& where, std::string& entry) {
          return content(entry, where, where.ends_with(".gz"));
        },
        report_.skipped);
  }

  // One feed file's bytes; `bytes` may be replaced (gzip) and its spare
  // capacity is used as simdjson's padding.
  Result<void> content(std::string& bytes, const std::string& source, bool gz) {
    ++report_.files;
    if (advisory::is_gzip(bytes) && gz) {
      auto limit = input_limit(kGzipInput);
      if (!limit) return limit.error();
      auto plain = advisory::gunzip(bytes, source, *limit);
      if (!plain) {
        report_.skipped.push_back(plain.error());
        return {};
      }
      bytes = std::move(*plain);
    }
    // JSON is parsed once: its keys name the feed, and the reader takes the
    // parsed object.
    Feed feed = Feed::unknown;
    simdjson::dom::object root;
    if (is_epss(bytes)) {
      feed = Feed::epss;
    } else if (trim(std::string_view(bytes).substr(0, 256)).substr(0, 1) == "{") {
      auto parsed = advisory::detail::parse_object(parser_, bytes, source, "a feed file");
      if (!parsed) {
        report_.skipped.push_back(parsed.error());
        return {};
      }
      root = *parsed;
      feed = feed_of(root);
    }
    switch (feed) {
      case Feed::osv: {
        auto a = advisory::read_osv(root, source);
        if (!a) {
          report_.skipped.push_back(a.error());
          return {};
        }
        return upsert(*a, feed);
      }
      case Feed::nvd: {
        auto page = advisory::read_nvd(root, source);
        if (!page) {
          report_.skipped.push_back(page.error());
          return {};
        }
        for (auto& e : page->skipped) report_.skipped.push_back(std::move(e));
        for (const auto& a : page->advisories) {
          if (auto r = upsert(a, feed); !r) return r;
        }
        return {};
      }
      case Feed::cve5: {
        auto a = advisory::read_cve5(root, source);
        if (!a) {
          report_.skipped.push_back(a.error());
          return {};
        }
        return upsert(*a, feed);
      }
      case Feed::csaf: {
        auto d = advisory::read_csaf(root, source);
        if (!d) {
          report_.skipped.push_back(d.error());
          return {};
        }
        for (const auto& a : d->advisories) {
          if (auto r = upsert(a, feed); !r) return r;
        }
        return {};
      }
      case Feed::kev: {
        auto k = advisory::read_kev(root, source);
        if (!k) {
          report_.skipped.push_back(k.error());
          return {};
        }
        for (auto& e : k->skipped) report_.skipped.push_back(std::move(e));
        for (const auto& e : k->entries) {
          nlohmann::ordered_json j{{"cve", e.cve},
                                   {"vendor", e.vendor},
                                   {"product", e.product},
                                   {"name", e.name},
                                   {"date_added", e.date_added},
                                   {"due_date", e.due_date},
                                   {"required_action", e.required_action},
                                   {"ransomware", e.ransomware},
                                   {"cwes", e.cwes}};
          const std::string body = j.dump();
          kev_old_.bind(1, e.cve);
          if (kev_old_.step() != SQLITE_ROW) {
            report_.changes.kev_added.insert(e.cve);
          } else if (kev_old_.text(0) != body) {
            report_.changes.kev_changed.insert(e.cve);
          }
          kev_old_.reset();
          if (!kev_.bind(1, e.cve).bind(2, body).run()) return sql_error(db_, "storing KEV");
          ++report_.kev;
        }
        return touch(feed);
      }
      case Feed::epss: {
        auto s = advisory::parse_epss(bytes, source);
        if (!s) {
          report_.skipped.push_back(s.error());
          return {};
        }
        for (auto& e : s->skipped) report_.skipped.push_back(std::move(e));
        for (const auto& e : s->scores) {
          epss_old_.bind(1, e.cve);
          if (epss_old_.step() != SQLITE_ROW || epss_old_.real(0) != e.epss ||
              epss_old_.real(1) != e.percentile)
            report_.changes.epss_changed.insert(e.cve);
          epss_old_.reset();
          if (!epss_.bind(1, e.cve)
                   .bind(2, e.epss)
                   .bind(3, e.percentile)
                   .bind(4, s->score_date)
                   .run()) {
            return sql_error(db_, "storing EPSS");
          }
          ++report_.epss;
        }
        return touch(feed);
      }
      case Feed::unknown:
        break;
    }
    report_.skipped.push_back(
        {"not a feed file Vigil reads (OSV, NVD, CVE JSON 5, CSAF, KEV, EPSS)", source});
    return {};
  }

  const std::set<std::string>& emptied() const { return emptied_; }

  // The index keys this import touched, into the change set: before
  // finish(), which repacks them.
  void note_keys() {
    for (const auto& [ecosystem, name] : indexer_.packages_touched())
      report_.changes.packages.emplace(ecosystem, name);
    for (const auto& [product, vendor] : indexer_.cpes_touched())
      report_.changes.cpe_products.emplace(vendor, product);
  }
  const std::vector<int64_t>& written() const { return written_; }

  // Records where an update left off, and when each feed that brought
  // something, or whose cursor moved, was last imported.
  Result<void> finish(const std::vector<Cursor>& cursors) {
    if (auto r = repack(db_, kCpePacks, indexer_.cpes_touched()); !r) return r;
    if (auto r = repack(db_, kPackagePacks, indexer_.packages_touched()); !r) return r;
    Statement put(db_, "INSERT OR REPLACE INTO cursors (feed, scope, value) VALUES (?1, ?2, ?3)");
    if (!put.ok()) return Error{"knowledge base: " + put.error(), {}};
    for (const Cursor& c : cursors) {
      if (!put.bind(1, c.feed).bind(2, c.scope).bind(3, c.value).run())
        return sql_error(db_, "recording where the " + c.feed + " update left off");
      touched_.insert(c.feed);
    }
    const std::string now = now_utc();
    for (const std::string& f : touched_) {
      if (!feed_.bind(1, f).bind(2, now).run()) return sql_error(db_, "recording the feed");
    }
    return {};
  }

 private:
  // Notes that a feed brought something; written once per import (finish).
  Result<void> touch(Feed feed) {
    touched_.insert(std::string(feed_name(feed)));
    return {};
  }

  Result<void> upsert(const advisory::Advisory& a, Feed feed) {
    const std::string_view source = advisory::source_name(a.source);
    find_.bind(1, source).bind(2, a.id);
    if (find_.step() == SQLITE_ROW) {
      const int64_t rowid = find_.integer(0);
      const std::string modified = find_.text(1);
      find_.reset();
      // RFC 3339 times in UTC order as text; an undated copy never replaces,
      // and any dated copy replaces one stored undated (its date unknown or
      // not a date), so that one bad value never freezes a record.
      if (!is_timestamp(a.modified) || (is_timestamp(modified) && a.modified <= modified)) {
        ++report_.unchanged;
        return {};
      }
      // Its index rows go with it: their packs must be rewritten too.
      for (auto [st, touched] : {std::pair{&old_cpes_, &indexer_.cpes_touched()},
                                 std::pair{&old_packages_, &indexer_.packages_touched()}}) {
        st->bind(1, rowid);
        while (st->step() == SQLITE_ROW) touched->emplace(st->text(0), st->text(1));
        st->reset();
      }
      // The CSAF product names it was found by go with it too.
      old_products_.bind(1, rowid);
      while (old_products_.step() == SQLITE_ROW)
        report_.changes.product_names.insert(old_products_.text(0));
      old_products_.reset();
      // Its vulnerability loses it, and must be described again.
      old_group_.bind(1, rowid);
      if (old_group_.step() == SQLITE_ROW) emptied_.insert(old_group_.text(0));
      old_group_.reset();
      if (!remove_.bind(1, rowid).run()) return sql_error(db_, "replacing " + a.id);
      ++report_.replaced;
    } else {
      find_.reset();
      ++report_.added;
    }
    if (!insert_.bind(1, source)
             .bind(2, a.id)
             .bind(3, is_timestamp(a.modified) ? std::string_view(a.modified)
                                               : std::string_view(""))  // unknown
             .bind(4, a.withdrawn)
             .bind(5, advisory::to_json(a).dump())
             .run()) {
      return sql_error(db_, "storing " + a.id);
    }
    const int64_t rowid = sqlite3_last_insert_rowid(db_);
    written_.push_back(rowid);
    std::vector<std::string> names = a.aliases;
    names.push_back(a.id);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const auto& n : names) {
      if (!alias_.bind(1, n).bind(2, rowid).run())
        return sql_error(db_, "storing aliases of " + a.id);
    }
    if (auto r = indexer_.index(rowid, a); !r) return r;
    return touch(feed);
  }

  sqlite3* db_;
  ImportReport& report_;
  std::set<std::string> touched_;
  simdjson::dom::parser parser_;  // reused across files
  std::string buffer_;            // reused across files: one allocation, not one per file
  Indexer indexer_{db_};
  Statement find_{db_, "SELECT rowid, modified FROM advisories WHERE source = ?1 AND id = ?2"};
  Statement insert_{
      db_,
      "INSERT INTO advisories (source, id, modified, withdrawn, body) VALUES (?1, ?2, ?3, ?4, ?5)"};
  Statement remove_{db_, "DELETE FROM advisories WHERE rowid = ?1"};
  Statement old_group_{db_, "SELECT vulnerability FROM groups WHERE advisory = ?1"};
  Statement old_cpes_{db_, "SELECT DISTINCT product, vendor FROM cpes WHERE advisory = ?1"};
  Statement old_packages_{db_, "SELECT DISTINCT ecosystem, name FROM packages WHERE advisory = ?1"};
  Statement old_products_{db_, "SELECT DISTINCT product FROM products WHERE advisory = ?1"};
  Statement alias_{db_, "INSERT INTO aliases (name, advisory) VALUES (?1, ?2)"};
  Statement kev_old_{db_, "SELECT body FROM kev WHERE cve = ?1"};
  Statement epss_old_{db_, "SELECT epss, percentile FROM epss WHERE cve = ?1"};
  Statement kev_{db_, "INSERT OR REPLACE INTO kev (cve, body) VALUES (?1, ?2)"};
  Statement epss_{
      db_,
      "INSERT OR REPLACE INTO epss (cve, epss, percentile, score_date) VALUES (?1, ?2, ?3, ?4)"};
  Statement feed_{db_, "INSERT OR REPLACE INTO feeds (name, updated) VALUES (?1, ?2)"};
  std::set<std::string> emptied_;  // vulnerabilities of the records removed
  std::vector<int64_t> written_;   // keys of the records stored
};

}  // namespace

Result<ImportReport> KnowledgeBase::import_paths(const std::vector<std::string>& paths,
                                                 const std::vector<Cursor>& cursors) {
  sqlite3* db = db_.get();
  // Filling an empty kb (the first import of full feeds) writes every page
  // once with a rollback journal, which records only the pages that existed
  // before; in WAL mode each page is written to the log and again at the
  // checkpoint, and again for every spill of a page changed after it. The
  // switch needs no other connection to be reading; when one is, the
  // import stays in WAL mode. Either journal is atomic.
  bool rollback_journal = false;
  const auto was_empty = empty();
  if (!was_empty) return was_empty.error();
  if (*was_empty) {
    sqlite3_busy_timeout(db, 0);  // a reader holding on: do not wait, stay in WAL
    if (exec(db, "PRAGMA journal_mode = DELETE").ok()) {
      Statement mode(db, "PRAGMA journal_mode");
      rollback_journal = mode.step() == SQLITE_ROW && mode.text(0) == "delete";
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
  }
  struct RestoreWal {
    sqlite3* db;
    bool active;
    ~RestoreWal() {
      if (active) (void)exec(db, "PRAGMA journal_mode = WAL");
    }
  } restore_wal{db, rollback_journal};
  if (auto r = exec(db, "BEGIN IMMEDIATE"); !r) return r.error();
  (void)exec(db, kImportCache);
  struct RestoreCache {
    sqlite3* db;
    ~RestoreCache() { (void)exec(db, kReadCache); }
  } restore{db};
  ImportReport report;
  Result<void> status = [&]() -> Result<void> {
    Importer importer(db, report);
    if (auto r = importer.prepare(); !r) return r;
    for (const std::string& p : paths) {
      std::error_code ec;
      if (fs::is_directory(p, ec)) {
        std::vector<fs::path> files;
        for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
          if (e.is_regular_file()) files.push_back(e.path());
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
          const std::string ext = f.extension().string();
          if (ext != ".json" && ext != ".csv" && ext != ".gz" && ext != ".zip") continue;
          if (auto r = importer.file(f); !r) return r;
        }
      } else if (fs::exists(p, ec)) {
        if (auto r = importer.file(p); !r) return r;
      } else {
        return Error{"no such file or folder", p};
      }
    }
    // Only new or replaced records can change which names meet.
    if (report.added + report.replaced > 0) {
      if (auto r = regroup(db, importer.written(), importer.emptied()); !r) return r;
    }
    if (auto r = detail::collect_changes(db, importer.written(), importer.emptied(), *was_empty,
                                         report.changes);
        !r)
      return r;
    importer.note_keys();
    return importer.finish(cursors);
  }();
  if (!status) {
    (void)exec(db, "ROLLBACK");
    return status.error();
  }
  if (auto r = exec(db, "COMMIT"); !r) {
    (void)exec(db, "ROLLBACK");
    return r.error();
  }
  ++imports_;
  return report;
}

}  // namespace vigil::kb
