// The text helpers every parser leans on.
#include <gtest/gtest.h>

#include <algorithm>
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

// Checked eight bytes at a time: every byte value at every place of every
// length up to three words, against the one-byte rule.
TEST(JsonPlain, AgreesWithTheOneByteRuleOnEveryByteAndPlace) {
  const auto plain = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  };
  EXPECT_TRUE(json_plain(""));
  for (size_t length = 1; length <= 24; ++length) {
    for (size_t at = 0; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string s(length, 'q');
        s[at] = static_cast<char>(b);
        ASSERT_EQ(json_plain(s), plain(s)) << "byte " << b << " at " << at << " of " << length;
      }
    }
  }
}

}  // namespace
}  // namespace vigil
