# Generates a C++ table of SPDX licence identifiers from the SPDX licence list
# as Debian packages it (node-spdx-license-ids: index.json and deprecated.json),
# so that the list is data from a package, not a copy kept in the repository.
set(SPDX_IDS_DIR "/usr/share/nodejs/spdx-license-ids" CACHE PATH "SPDX licence id list folder")
set(ids "")
foreach(file index.json deprecated.json)
  if(NOT EXISTS "${SPDX_IDS_DIR}/${file}")
    message(FATAL_ERROR "${SPDX_IDS_DIR}/${file} is missing: run scripts/bootstrap "
                        "(Debian package node-spdx-license-ids)")
  endif()
  file(READ "${SPDX_IDS_DIR}/${file}" json)
  string(JSON n LENGTH "${json}")
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    string(JSON id GET "${json}" ${i})
    string(TOLOWER "${id}" lower)
    list(APPEND ids "${lower}")
  endforeach()
endforeach()
list(REMOVE_DUPLICATES ids)
list(SORT ids)
list(LENGTH ids count)
set(body "")
foreach(id IN LISTS ids)
  string(APPEND body "    \"${id}\",\n")
endforeach()
file(WRITE "${SPDX_OUT}.tmp"
"// Generated from the SPDX licence list (${SPDX_IDS_DIR}); do not edit.\n"
"#include \"sbom/spdx_license_ids.h\"\n\n#include <array>\n#include <unordered_set>\n\n"
"#include \"core/text.h\"\n\nnamespace vigil::sbom::detail {\nnamespace {\n"
"constexpr std::array<std::string_view, ${count}> kIds = {\n${body}};\n}  // namespace\n\n"
"// Looked up by hash, the id lowered into a local buffer: an SBOM names a\n"
"// licence per component, and a binary search cost some 600 instructions.\n"
"bool spdx_license_known(std::string_view id) {\n"
"  static const std::unordered_set<std::string_view> known(kIds.begin(), kIds.end());\n"
"  char lower[96];\n"
"  if (id.size() > sizeof lower) return known.count(ascii_lower(id)) != 0;\n"
"  for (size_t i = 0; i < id.size(); ++i) lower[i] = to_lower(id[i]);\n"
"  return known.count(std::string_view(lower, id.size())) != 0;\n}\n\n"
"size_t spdx_license_count() { return kIds.size(); }\n\n}  // namespace vigil::sbom::detail\n")
file(COPY_FILE "${SPDX_OUT}.tmp" "${SPDX_OUT}" ONLY_IF_DIFFERENT)
