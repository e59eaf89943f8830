// Every bind is checked: a value too large for the store is refused before
// anything runs, with a message naming the size and the limit, and nothing
// is written. Before, the failed bind left the parameter NULL and a 1 GB
// SBOM came back as "NOT NULL constraint failed: sbom_documents.content".
#include <gtest/gtest.h>

#include "store/connection.h"
#include "store/schema.h"
#include "support/fixtures.h"

namespace vigil::store {
namespace {

TEST(StoreBind, AValueTooLargeForTheStoreIsRefusedBeforeTheWrite) {
  const auto path = (testing::fresh_dir("store-bind") / "records.db").string();
  auto c = open(path);
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  ASSERT_TRUE(migrate(**c).ok());
  std::vector<Value> params;
  params.emplace_back(std::string("k"));
  params.emplace_back(std::string(1'000'000'001, 'x'));  // SQLite's default limit, plus one
  auto r = (*c)->query("INSERT INTO meta (key, value) VALUES (?, ?)", params);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
  EXPECT_NE(
      r.error().message.find("a value of 1000000001 bytes is larger than the records can hold"),
      std::string::npos)
      << r.error().to_string();
  auto rows = (*c)->query("SELECT count(*) FROM meta WHERE key = 'k'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->front().integer(0), 0);
  // The connection goes on serving.
  EXPECT_TRUE((*c)->query("INSERT INTO meta (key, value) VALUES (?, ?)",
                          {std::string("k"), std::string("small")})
                  .ok());
}

}  // namespace
}  // namespace vigil::store
