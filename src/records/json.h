// The records as JSON, as `vigil --format json` prints them and the server
// will answer them: one shape per record, `id` first, absent values null.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "records/records.h"

namespace vigil::records {

using Json = nlohmann::ordered_json;

Json to_json(const Product& p);
Json to_json(const Release& r);
Json to_json(const Site& s);
// A finding; its triage is the stored evaluation, parsed.
Json to_json(const Finding& f);
// An analysis with its signatures; its risk is the stored evaluation, parsed.
Json to_json(const Analysis& a);
// A finding with every analysis of it, oldest first (`finding show`).
Json to_json(const Finding& f, const std::vector<Analysis>& history);
// An audit entry, its before and after states parsed.
Json to_json(const audit::Entry& e);
// What a release scan kept.
Json to_json(std::string_view product, std::string_view version, const ScanSummary& s);
// A verification of the trail, the records and the signatures.
Json to_json(const audit::Verification& v);

}  // namespace vigil::records
