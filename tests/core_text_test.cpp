// The text helpers every parser leans on.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "core/dates.h"
#include "core/text.h"
#include "support/fixtures.h"

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

// tests/data/text/inert.json: each case's text as a terminal view shows it.
TEST(Inert, EscapesWhatCouldRewriteTheScreenAndKeepsTheRest) {
  const auto cases =
      nlohmann::json::parse(testing::read_file(testing::data_dir() / "text" / "inert.json"));
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases)
    EXPECT_EQ(inert(c["in"].get<std::string>()), c["out"].get<std::string>()) << c["why"];
  // Bytes that are not UTF-8, a lone continuation byte and a cut sequence.
  EXPECT_EQ(inert("a\xff\x80"
                  "b\xe2\x80"),
            "a\\xff\\x80b\\xe2\\x80");
  // Every byte alone: printable ASCII is itself, anything else an escape.
  for (int b = 0; b < 256; ++b) {
    const std::string one(1, static_cast<char>(b));
    EXPECT_EQ(inert(one) == one, b >= 0x20 && b < 0x7f) << b;
  }
}

// tests/data/text/timestamps.txt: what counts as a feed's timestamp.
TEST(IsTimestamp, TakesTheFeedsFormsAndNothingThatIsNotADate) {
  size_t n = 0;
  for (const auto& line : testing::case_lines(testing::data_dir() / "text" / "timestamps.txt")) {
    const size_t bar = line.text.rfind(" | ");
    ASSERT_NE(bar, std::string::npos) << "timestamps.txt:" << line.number;
    EXPECT_EQ(is_timestamp(line.text.substr(0, bar)), line.text.substr(bar + 3) == "yes")
        << "timestamps.txt:" << line.number << ": " << line.text;
    ++n;
  }
  EXPECT_GE(n, 19u);
}

}  // namespace
}  // namespace vigil
