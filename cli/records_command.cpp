// The records verbs (docs/records.md):
//   vigil product add NAME [--profile FILE]      vigil product list
//   vigil release add PRODUCT VERSION --sbom FILE [--status S] [--released DATE]
//                 [--end-of-support DATE]        vigil release list PRODUCT
//   vigil installed-base set PRODUCT VERSION --site NAME --devices N
//   vigil installed-base list PRODUCT
//   vigil release scan PRODUCT VERSION --db KB [--learned DATE] [--as-of DATE]
//   vigil finding list [--product P] [--release V] [--state S] [--limit N] [--after ID]
//   vigil finding show ID
//   vigil finding analyze ID --state S [--justification J] [--response R] [--detail D]
//                 --reason TEXT [--sign authored|reviewed|approved]
//   vigil user add NAME --role ROLE              (password on stdin, or asked)
//   vigil audit log [--record TYPE/ID]           vigil audit verify [--anchor SEQ:HASH]
// Each takes --records PATH (or VIGIL_RECORDS) and --format table|json;
// those that change a record take --user NAME (or VIGIL_USER) and --reason,
// both kept in the audit trail. JSON lists are arrays of objects, `id`
// first. Exit 0 on success, 2 on an error (nothing changed), and for
// `audit verify` 1 when the trail or the records were tampered with.

#include "records_common.h"

namespace vigil::cli {

void add_records_commands(CLI::App& app, int& status) {
  add_product_commands(app, status);
  add_release_commands(app, status);
  add_installed_base_commands(app, status);
  add_finding_commands(app, status);
  add_user_commands(app, status);
  add_audit_commands(app, status);
}

}  // namespace vigil::cli
