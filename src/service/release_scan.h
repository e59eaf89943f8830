// A release scan through the knowledge service: the plan matches and
// triages the release's latest SBOM on one snapshot of the shared kb and
// writes nothing; recording keeps it in one audited change (records/). The
// monitor plans every release an import touched and records those whose
// findings changed; `vigil release scan` and the server do both at once.
//
// Thread-safety: many threads may plan through one service, each with its
// own Records (one per thread).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "records/records.h"
#include "service/knowledge.h"

namespace vigil::service {

struct ReleaseScanRequest {
  std::string product, version;
  std::string learned, as_of;  // YYYY-MM-DD
};

// The plan, with the kb generation it read.
struct ReleasePlan {
  records::ScanPlan plan;
  int64_t generation = 0;
};

Result<ReleasePlan> plan_release_scan(KnowledgeService& knowledge, records::Records& records,
                                      const ReleaseScanRequest& request);

// Plan and record in turn.
Result<records::ScanSummary> scan_release(KnowledgeService& knowledge, records::Records& records,
                                          const ReleaseScanRequest& request,
                                          const audit::Actor& actor);

}  // namespace vigil::service
