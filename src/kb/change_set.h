// Working out an import's ChangeSet (kb.h) inside its transaction, from the
// records it wrote and the vulnerabilities of those it replaced. Internal
// to kb/.
#pragma once

#include <sqlite3.h>

#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "kb/kb.h"

namespace vigil::kb::detail {

// Fills `changes`' vulnerabilities and CSAF product names, once the records
// are grouped: `written` are the keys of the records stored, `emptied` the
// vulnerabilities of the records removed, `first` whether the kb held
// nothing before (every vulnerability is then new, and none is looked up).
Result<void> collect_changes(sqlite3* db, const std::vector<int64_t>& written,
                             const std::set<std::string>& emptied, bool first, ChangeSet& changes);

}  // namespace vigil::kb::detail
