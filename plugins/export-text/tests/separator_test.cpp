#include "separator.hpp"

#include <gtest/gtest.h>

namespace docpipe::text_export {
namespace {

TEST(Separator, EscapesBecomeBytes) {
  EXPECT_EQ(unescape_separator("\\n\\n"), "\n\n");
  EXPECT_EQ(unescape_separator("--\\t\\r\\\\--"), "--\t\r\\--");
  EXPECT_EQ(unescape_separator("\\0"), std::string(1, '\0'));
}

TEST(Separator, OtherBackslashesStay) {
  EXPECT_EQ(unescape_separator("\\x\\"), "\\x\\");
  EXPECT_EQ(unescape_separator(""), "");
  EXPECT_EQ(unescape_separator("===="), "====");
}

}  // namespace
}  // namespace docpipe::text_export
