#include "audit/audit.h"

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "core/text.h"
#include "store/schema.h"

namespace vigil::audit {
namespace {

// The predecessor of the first entry.
const std::string kGenesis(64, '0');

std::string hex(const unsigned char* p, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[p[i] >> 4];
    out[2 * i + 1] = kDigits[p[i] & 15];
  }
  return out;
}

// Reads "seq:hash" from meta; the genesis when the chain is empty.
Result<std::pair<int64_t, std::string>> head(store::Connection& c) {
  auto rows = c.query("SELECT value FROM meta WHERE key = 'audit_head'");
  if (!rows) return rows.error();
  if (rows->empty()) return std::pair<int64_t, std::string>{0, kGenesis};
  const std::string v = rows->front().text(0);
  const auto colon = v.find(':');
  if (colon == std::string::npos) return Error{"the audit head is unreadable", c.location()};
  return std::pair<int64_t, std::string>{std::atoll(v.c_str()), v.substr(colon + 1)};
}

Entry entry_of(const store::Row& r) {
  Entry e;
  e.seq = r.integer(0);
  e.at = r.text(1);
  e.actor = r.text(2);
  e.action = r.text(3);
  e.record_type = r.text(4);
  e.record_id = r.integer(5);
  if (!r.is_null(6)) e.before = r.text(6);
  if (!r.is_null(7)) e.after = r.text(7);
  e.reason = r.text(8);
  e.prev_hash = r.text(9);
  e.hash = r.text(10);
  return e;
}

constexpr const char* kEntryColumns =
    "seq, at, actor, action, record_type, record_id, before, after, reason, prev_hash, hash";

}  // namespace

Digest sha256(std::string_view bytes) {
  Digest out{};
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), out.data(), &n, EVP_sha256(), nullptr);
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), out, &n, EVP_sha256(), nullptr);
  return hex(out, n);
}

namespace {

// Appends `s` as a JSON string, byte for byte as nlohmann::json writes it
// (the trail's first entries were written so); plain ASCII, the common case,
// without the library.
void append_string(std::string& out, std::string_view s) {
  if (!json_plain(s)) {
    out += nlohmann::json(std::string(s))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

// The columns of a result in name order; results share their column list,
// so a scan sorts it once.
const std::vector<size_t>& sorted_columns(const store::Row& row) {
  thread_local const std::vector<std::string>* last = nullptr;
  thread_local std::shared_ptr<const std::vector<std::string>> keep;
  thread_local std::vector<size_t> order;
  if (row.columns.get() != last) {
    keep = row.columns;
    last = row.columns.get();
    order.resize(last->size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [](size_t a, size_t b) { return (*last)[a] < (*last)[b]; });
  }
  return order;
}

}  // namespace

std::string canonical(const store::Row& row) {
  std::string out = "{";
  for (const size_t i : sorted_columns(row)) {
    const std::string& key = (*row.columns)[i];
    const store::Value& v = row.values[i];
    // NULL is left out: a migration that adds a (nullable) column leaves
    // the rows written before it, their entries and their signatures as
    // they were.
    if (std::holds_alternative<std::monostate>(v)) continue;
    if (out.size() > 1) out += ',';
    append_string(out, key);
    out += ':';
    if (const auto* n = std::get_if<int64_t>(&v)) {
      out += std::to_string(*n);
    } else if (const auto* t = std::get_if<std::string>(&v); t && key == "password_hash") {
      // A secret stays out of the trail; its digest still shows a change.
      out += "{\"sha256\":\"" + sha256_hex(*t) + "\"}";
    } else if (const auto* t = std::get_if<std::string>(&v)) {
      append_string(out, *t);
    } else if (const auto* b = std::get_if<store::Blob>(&v)) {
      out += "{\"sha256\":\"" + sha256_hex(b->bytes) + "\"}";
    }
  }
  return out + "}";
}

std::string entry_hash(const Entry& e) {
  // Length-prefixed fields: no two different entries hash the same text.
  std::string text;
  const auto add = [&text](std::string_view field) {
    text += std::to_string(field.size());
    text += ':';
    text += field;
    text += '\n';
  };
  add(e.prev_hash);
  add(std::to_string(e.seq));
  add(e.at);
  add(e.actor);
  add(e.action);
  add(e.record_type);
  add(std::to_string(e.record_id));
  add(e.before ? "1" + *e.before : "0");
  add(e.after ? "1" + *e.after : "0");
  add(e.reason);
  return sha256_hex(text);
}

std::string now_utc() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

Result<Writer> Writer::start(store::Connection& c, Actor actor, std::string at) {
  if (actor.user.empty()) return Error{"a change needs the user making it (--user)", {}};
  if (actor.reason.empty()) return Error{"a change needs a reason (--reason)", {}};
  auto h = head(c);
  if (!h) return h.error();
  return Writer(c, std::move(actor), std::move(at), h->first, h->second);
}

Result<std::optional<std::string>> Writer::row_json(std::string_view table, int64_t id) {
  auto rows = c_->query("SELECT * FROM " + std::string(table) + " WHERE id = ?", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(canonical(rows->front()));
}

Result<void> Writer::append(std::string_view action, std::string_view table, int64_t id,
                            std::optional<std::string> before, std::optional<std::string> after) {
  Entry e;
  e.seq = seq_ + 1;
  e.at = at_;
  e.actor = actor_.user;
  e.action = action;
  e.record_type = table;
  e.record_id = id;
  e.before = std::move(before);
  e.after = std::move(after);
  e.reason = actor_.reason;
  e.prev_hash = head_;
  e.hash = entry_hash(e);
  const auto opt = [](const std::optional<std::string>& s) {
    return s ? store::Value(*s) : store::Value(std::monostate{});
  };
  auto r = c_->query(std::string("INSERT INTO audit (") + kEntryColumns +
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {e.seq, e.at, e.actor, e.action, e.record_type, e.record_id, opt(e.before),
                      opt(e.after), e.reason, e.prev_hash, e.hash});
  if (!r) return r.error();
  seq_ = e.seq;
  head_ = e.hash;
  return {};
}

Result<int64_t> Writer::insert(std::string_view table, const Fields& fields) {
  std::string sql = "INSERT INTO " + std::string(table) + " (";
  std::string marks;
  std::vector<store::Value> params;
  for (const auto& [column, value] : fields) {
    sql += (params.empty() ? "" : ", ") + std::string(column);
    marks += params.empty() ? "?" : ", ?";
    params.push_back(value);
  }
  sql += ") VALUES (" + marks + ") RETURNING id";
  auto rows = c_->query(sql, params);
  if (!rows) return rows.error();
  const int64_t id = rows->front().integer(0);
  // The row as the database keeps it (defaults, type affinity), which is
  // what verify will read back.
  auto after = row_json(table, id);
  if (!after) return after.error();
  if (auto r = append("insert", table, id, std::nullopt, std::move(*after)); !r) return r.error();
  return id;
}

Result<void> Writer::update(std::string_view table, int64_t id, const Fields& fields) {
  auto before = row_json(table, id);
  if (!before) return before.error();
  if (!*before) return Error{std::string(table) + " " + std::to_string(id) + " does not exist", {}};
  std::string sql = "UPDATE " + std::string(table) + " SET ";
  std::vector<store::Value> params;
  for (const auto& [column, value] : fields) {
    sql += (params.empty() ? "" : ", ") + std::string(column) + " = ?";
    params.push_back(value);
  }
  sql += " WHERE id = ?";
  params.emplace_back(id);
  if (auto r = c_->query(sql, params); !r) return r.error();
  auto after = row_json(table, id);
  if (!after) return after.error();
  if (*after == *before) return {};
  return append("update", table, id, std::move(*before), std::move(*after));
}

Result<void> Writer::finish() {
  if (seq_ == first_) return {};
  auto r = c_->query(first_ == 0 ? "INSERT INTO meta (key, value) VALUES ('audit_head', ?)"
                                 : "UPDATE meta SET value = ? WHERE key = 'audit_head'",
                     {std::to_string(seq_) + ":" + head_});
  if (!r) return r.error();
  return {};
}

Result<void> change(store::Connection& c, const Actor& actor,
                    const std::function<Result<void>(Writer&)>& body) {
  store::Transaction tx(c);
  if (auto r = tx.begin_write(); !r) return r;
  auto w = Writer::start(c, actor);
  if (!w) return w.error();
  if (auto r = body(*w); !r) return r;
  if (auto r = w->finish(); !r) return r;
  return tx.commit();
}

Result<std::vector<Entry>> log(store::Connection& c, std::string_view record_type,
                               int64_t record_id) {
  std::vector<Entry> out;
  const auto each = [&out](const store::Row& r) {
    out.push_back(entry_of(r));
    return true;
  };
  auto r = record_type.empty()
               ? c.for_each(std::string("SELECT ") + kEntryColumns + " FROM audit ORDER BY seq", {},
                            each)
               : c.for_each(std::string("SELECT ") + kEntryColumns +
                                " FROM audit WHERE record_type = ? AND record_id = ? ORDER BY seq",
                            {std::string(record_type), record_id}, each);
  if (!r) return r.error();
  return out;
}

Result<Verification> verify(store::Connection& c,
                            std::optional<std::pair<int64_t, std::string>> anchor) {
  store::Transaction tx(c);
  if (auto r = tx.begin_read(); !r) return r.error();
  Verification v;
  // 1. The chain, entry by entry. Past its first break every later entry
  // would fail too, so only the first is named.
  std::string prev = kGenesis;
  int64_t expected = 1;
  bool broken = false;
  bool anchored = !anchor;
  // The digest of each record's last known state, to check the records:
  // keyed by record type (an index into `types`) and id.
  std::vector<std::string> types(store::audited_tables().begin(), store::audited_tables().end());
  const auto type_index = [&types](const std::string& t) -> uint64_t {
    for (size_t i = 0; i < types.size(); ++i) {
      if (types[i] == t) return i;
    }
    types.push_back(t);
    return types.size() - 1;
  };
  const auto key_of = [](uint64_t type, int64_t id) {
    return type << 48 | (static_cast<uint64_t>(id) & ((uint64_t{1} << 48) - 1));
  };
  struct State {
    Digest digest;
    bool exists;
  };
  std::unordered_map<uint64_t, State> last;
  // Sized once: most entries are of distinct records.
  auto count = c.query("SELECT count(*) FROM audit");
  if (!count) return count.error();
  last.reserve(static_cast<size_t>(count->front().integer(0)));
  const auto problem = [&v](std::string s) {
    v.intact = false;
    v.problems.push_back(std::move(s));
  };
  auto walked = c.for_each(
      std::string("SELECT ") + kEntryColumns + " FROM audit ORDER BY seq", {},
      [&](const store::Row& row) {
        const Entry e = entry_of(row);
        ++v.entries;
        last[key_of(type_index(e.record_type), e.record_id)] =
            State{e.after ? sha256(*e.after) : Digest{}, e.after.has_value()};
        if (anchor && e.seq == anchor->first) {
          anchored = true;
          if (e.hash != anchor->second && !broken) {
            broken = true;
            problem("entry " + std::to_string(e.seq) +
                    " does not carry the anchored hash: the chain was rewritten from there on or "
                    "before");
          }
        }
        if (!broken) {
          if (e.seq != expected) {
            broken = true;
            problem(e.seq > expected
                        ? "entry " + std::to_string(expected) + " is missing (deleted)" +
                              (e.seq > expected + 1
                                   ? ", and those up to " + std::to_string(e.seq - 1)
                                   : std::string())
                        : "entry " + std::to_string(e.seq) + " is out of order");
          } else if (entry_hash(e) != e.hash) {
            broken = true;
            problem("entry " + std::to_string(e.seq) +
                    " does not match its hash (edited, or moved from another position)");
          } else if (e.prev_hash != prev) {
            broken = true;
            problem("entry " + std::to_string(e.seq) + " does not follow entry " +
                    std::to_string(e.seq - 1) + " (an entry was inserted, deleted or reordered)");
          }
        }
        prev = e.hash;
        v.head_seq = e.seq;
        v.head_hash = e.hash;
        ++expected;
        return true;
      });
  if (!walked) return walked.error();
  if (!anchored)
    problem("entry " + std::to_string(anchor->first) + ", the anchor, is missing (deleted)");
  // 2. The head kept beside the chain: entries cut off the end show here.
  auto h = head(c);
  if (!h) return h.error();
  if (!broken && (h->first != v.head_seq || (v.head_seq > 0 && h->second != v.head_hash))) {
    problem(h->first > v.head_seq
                ? (h->first == v.head_seq + 1
                       ? "entry " + std::to_string(h->first) + ", the last, is missing"
                       : "entries " + std::to_string(v.head_seq + 1) + " to " +
                             std::to_string(h->first) + ", the last, are missing") +
                      " (deleted from the end)"
                : "the chain's head does not match its last entry " + std::to_string(v.head_seq) +
                      " (entries appended outside Vigil)");
  }
  // 3. Every audited record is what its last entry says.
  const size_t audited = store::audited_tables().size();
  for (size_t t = 0; t < audited; ++t) {
    const std::string table(store::audited_tables()[t]);
    auto r = c.for_each("SELECT * FROM " + table + " ORDER BY id", {}, [&](const store::Row& row) {
      ++v.records;
      const auto it = last.find(key_of(t, row.integer(0)));
      const auto name = [&] { return table + "/" + std::to_string(row.integer(0)); };
      if (it == last.end() || !it->second.exists) {
        problem(name() + " has no audit entry (created outside Vigil)");
      } else if (it->second.digest != sha256(canonical(row))) {
        problem(name() + " differs from its last audited state (changed outside Vigil)");
      }
      if (it != last.end()) last.erase(it);
      return true;
    });
    if (!r) return r.error();
  }
  // What is left was audited as existing but is gone.
  std::set<std::pair<std::string, int64_t>> gone;  // sorted, for a stable report
  for (const auto& [key, state] : last) {
    if (state.exists)
      gone.emplace(types[key >> 48], static_cast<int64_t>(key & ((uint64_t{1} << 48) - 1)));
  }
  for (const auto& record : gone)
    problem(record.first + "/" + std::to_string(record.second) +
            " is gone, but no audit entry deleted it (deleted outside Vigil)");
  return v;
}

}  // namespace vigil::audit
