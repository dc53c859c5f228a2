#include "length_limits.hpp"

#include <gtest/gtest.h>

using filter_length::contradiction;
using filter_length::LengthLimits;
using filter_length::rejection_reason;
using filter_length::TextMeasure;

TEST(RejectionReason, ShortTextNamesItsLengthAndTheLimit) {
  const auto why = rejection_reason(TextMeasure{12, 3}, LengthLimits{200, {}, 0});
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(*why, "text has 12 characters, below min_chars 200");
}

TEST(RejectionReason, SingularCharacter) {
  EXPECT_EQ(rejection_reason(TextMeasure{1, 1}, LengthLimits{2, {}, 0}),
            "text has 1 character, below min_chars 2");
}

TEST(RejectionReason, LongText) {
  EXPECT_EQ(rejection_reason(TextMeasure{5000, 900}, LengthLimits{0, 4000, 0}),
            "text has 5000 characters, above max_chars 4000");
}

TEST(RejectionReason, FewWords) {
  EXPECT_EQ(rejection_reason(TextMeasure{300, 4}, LengthLimits{0, {}, 50}),
            "text has 4 words, below min_words 50");
}

TEST(RejectionReason, LimitsAreInclusive) {
  EXPECT_FALSE(rejection_reason(TextMeasure{200, 50}, LengthLimits{200, 200, 50}).has_value());
}

TEST(RejectionReason, NoLimitsPassEverything) {
  EXPECT_FALSE(rejection_reason(TextMeasure{0, 0}, LengthLimits{}).has_value());
}

TEST(Contradiction, MaxBelowMinIsRefused) {
  EXPECT_EQ(contradiction(LengthLimits{100, 10, 0}),
            "max_chars 10 is below min_chars 100: every document would be dropped");
  EXPECT_FALSE(contradiction(LengthLimits{10, 10, 0}).has_value());
  EXPECT_FALSE(contradiction(LengthLimits{10, {}, 0}).has_value());
}
