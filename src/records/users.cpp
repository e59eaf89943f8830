// Users who sign, their argon2id password hashes, and the signatures'
// re-check.
#include <sodium.h>

#include "core/text.h"
#include "records/internal.h"
#include "records/records.h"

namespace vigil::records {
namespace {

Result<void> sodium_ready() {
  if (sodium_init() < 0) return Error{"libsodium could not start", {}};
  return {};
}

}  // namespace

Result<void> check_password(store::Connection& c, const std::string& user,
                            const std::string& password) {
  if (auto r = sodium_ready(); !r) return r;
  auto rows = c.query("SELECT password_hash FROM users WHERE name = ?", {user});
  if (!rows) return rows.error();
  if (rows->empty())
    return Error{quote(user) + " cannot sign: not a user of these records (see `vigil user add`)",
                 {}};
  const std::string hash = rows->front().text(0);
  if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0)
    return Error{"the password is wrong for " + quote(user) + "; nothing was signed", {}};
  return {};
}

Result<std::string> analysis_digest(store::Connection& c, int64_t analysis) {
  auto rows = c.query("SELECT * FROM analyses WHERE id = ?", {analysis});
  if (!rows) return rows.error();
  if (rows->empty()) return Error{"no analysis " + std::to_string(analysis), {}};
  return audit::sha256_hex(audit::canonical(rows->front()));
}

Result<void> Records::add_user(std::string_view name, std::string_view role,
                               const std::string& password, const audit::Actor& actor) {
  if (trim(name).empty() || trim(role).empty()) return Error{"a user needs a name and a role", {}};
  if (password.size() < 12) return Error{"the password must have at least 12 characters", {}};
  if (auto r = sodium_ready(); !r) return r;
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Error{"not enough memory to hash the password", {}};
  return audit::change(*c_, actor, [&](audit::Writer& w) -> Result<void> {
    auto exists = c_->query("SELECT count(*) FROM users WHERE name = ?", {std::string(name)});
    if (!exists) return exists.error();
    if (exists->front().integer(0) > 0) return Error{"user " + quote(name) + " already exists", {}};
    auto id = w.insert("users", {{"name", std::string(name)},
                                 {"role", std::string(role)},
                                 {"password_hash", std::string(hash)},
                                 {"created_at", audit::now_utc()}});
    if (!id) return id.error();
    return {};
  });
}

Result<std::vector<std::string>> Records::verify_signatures() {
  std::vector<std::string> problems;
  auto rows = c_->query(
      "SELECT s.id, s.analysis_id, s.signer, s.record_sha256, "
      "(SELECT count(*) FROM users u WHERE u.name = s.signer) FROM signatures s ORDER BY s.id");
  if (!rows) return rows.error();
  for (const auto& r : *rows) {
    const std::string which = "signature " + std::to_string(r.integer(0)) + " (by " + r.text(2) +
                              " on analyses/" + std::to_string(r.integer(1)) + ")";
    auto digest = analysis_digest(*c_, r.integer(1));
    if (!digest) {
      problems.push_back(which + ": the signed analysis is gone");
    } else if (*digest != r.text(3)) {
      problems.push_back(which + ": the analysis no longer matches what was signed");
    }
    if (r.integer(4) == 0) problems.push_back(which + ": the signer is not a user");
  }
  return problems;
}

}  // namespace vigil::records
