// The audit trail: the one path by which a record changes. Each change of
// a row appends an entry in the same transaction saying who, when (UTC),
// what (record type and id), the values before and after, and why. Entries
// are hash-chained: each carries the SHA-256 of its predecessor and of its
// own content, and the head of the chain is kept beside it.
//
// verify() walks the chain and names the first entry edited, deleted,
// inserted or moved; it then checks that every audited record is what its
// last entry says, so a row changed or deleted with SQL outside Vigil is
// caught too. What a chain cannot catch alone is a rewrite of the whole
// chain from some entry on by someone who recomputes every hash: comparing
// the head with one kept elsewhere (a signed report, another system)
// catches that (verify's `anchor`).
//
// Thread-safety: a Writer belongs to one write transaction.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/connection.h"

namespace vigil::audit {

struct Actor {
  std::string user;    // who
  std::string reason;  // why
};

struct Entry {
  int64_t seq = 0;
  std::string at;  // UTC, "2026-11-23T14:05:08.123Z"
  std::string actor, action, record_type;
  int64_t record_id = 0;
  std::optional<std::string> before, after;  // canonical JSON of the row
  std::string reason, prev_hash, hash;
};

// A row as canonical JSON: keys sorted, NULL columns left out, blobs (and
// password hashes) as {"sha256": ...}.
std::string canonical(const store::Row& row);
using Digest = std::array<unsigned char, 32>;
Digest sha256(std::string_view bytes);
std::string sha256_hex(std::string_view bytes);
// The hash an entry must carry, from its content and its predecessor's.
std::string entry_hash(const Entry& e);
// The time to stamp entries with: now, in UTC, to the millisecond.
std::string now_utc();

using Fields = std::vector<std::pair<std::string_view, store::Value>>;

class Writer {
 public:
  // Starts appending after the chain's head. Call inside a write
  // transaction; `at` stamps every entry of it.
  static Result<Writer> start(store::Connection& c, Actor actor, std::string at = now_utc());

  // Inserts a row into `table` and returns its id.
  Result<int64_t> insert(std::string_view table, const Fields& fields);
  // Changes the named fields of row `id`; a change that changes nothing
  // appends nothing.
  Result<void> update(std::string_view table, int64_t id, const Fields& fields);
  // Records the new head; call before committing.
  Result<void> finish();

  int64_t entries() const { return seq_ - first_; }

 private:
  Writer(store::Connection& c, Actor a, std::string at, int64_t seq, std::string hash)
      : c_(&c),
        actor_(std::move(a)),
        at_(std::move(at)),
        seq_(seq),
        first_(seq),
        head_(std::move(hash)) {}
  Result<std::optional<std::string>> row_json(std::string_view table, int64_t id);
  Result<void> append(std::string_view action, std::string_view table, int64_t id,
                      std::optional<std::string> before, std::optional<std::string> after);

  store::Connection* c_;
  Actor actor_;
  std::string at_;
  int64_t seq_, first_;
  std::string head_;
};

// The one way records change: in a write transaction, runs `body` with a
// Writer, then records the chain's head and commits. When `body` (or the
// commit) fails, nothing of it is kept.
Result<void> change(store::Connection& c, const Actor& actor,
                    const std::function<Result<void>(Writer&)>& body);

// The entries in order, all or those of one record.
Result<std::vector<Entry>> log(store::Connection& c, std::string_view record_type = {},
                               int64_t record_id = 0);

struct Verification {
  bool intact = true;
  int64_t entries = 0, records = 0;
  int64_t head_seq = 0;
  std::string head_hash;
  std::vector<std::string> problems;  // the first chain problem, then record problems
};

// Walks the chain and the audited records (store::audited_tables()). With
// an anchor (seq, hash) kept from an earlier verify, the entry at that seq
// must still carry that hash.
Result<Verification> verify(store::Connection& c,
                            std::optional<std::pair<int64_t, std::string>> anchor = {});

}  // namespace vigil::audit
