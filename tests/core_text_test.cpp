// The text helpers every parser leans on.
#include <gtest/gtest.h>

#include <string>

#include "core/text.h"

namespace vigil {
namespace {

// ascii_lower works eight bytes at a time; every byte value, at every place
// in a word and in the tail, must come out as the one-letter rule says.
TEST(AsciiLower, AgreesWithTheOneLetterRuleOnEveryByteAndPlace) {
  for (size_t length : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 31u}) {
    for (size_t at = 0; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string s(length, 'Q');
        s[at] = static_cast<char>(b);
        std::string want = s;
        for (char& c : want) c = to_lower(c);
        ASSERT_EQ(ascii_lower(s), want) << "byte " << b << " at " << at << " of " << length;
        lower_in_place(s);
        ASSERT_EQ(s, want) << "byte " << b << " at " << at << " of " << length;
      }
    }
  }
}

TEST(AsciiLower, LeavesNonAsciiBytesAndEmptyTextAlone) {
  EXPECT_EQ(ascii_lower(""), "");
  EXPECT_EQ(ascii_lower("SHA-256 ÄÖÜ Zürich@ABCDEFGHIJKLMNOPQRSTUVWXYZ[`{"),
            "sha-256 ÄÖÜ zürich@abcdefghijklmnopqrstuvwxyz[`{");
}

}  // namespace
}  // namespace vigil
