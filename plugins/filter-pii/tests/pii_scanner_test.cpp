// The PII scanners on positive and negative cases, and redaction with offset mapping.
#include <gtest/gtest.h>

#include <string>

#include "pii_scanner.hpp"

namespace docpipe::filter_pii {
namespace {

const std::array<std::string, pii_kind_count> tags = {"<EMAIL>", "<IP>", "<PHONE>", "<ID>"};
const PiiKinds all = {true, true, true, true};

std::string red(std::string_view text) { return redact(text, find_pii(text, all), tags); }

TEST(PiiScanner, Emails) {
  EXPECT_EQ(red("write to jane.doe+news@mail.example.co.uk today"), "write to <EMAIL> today");
  EXPECT_EQ(red("联系邮箱：zhang_san@qq.com。"), "联系邮箱：<EMAIL>。");
  EXPECT_EQ(red("end of sentence a@b.org."), "end of sentence <EMAIL>.");
  // Not addresses: no dot in the domain, a numeric TLD, a bare @ handle, an @ alone.
  EXPECT_EQ(red("user@localhost and a@b.12 and @handle and x @ y"),
            "user@localhost and a@b.12 and @handle and x @ y");
}

TEST(PiiScanner, Ipv4) {
  EXPECT_EQ(red("server 192.168.1.20 is up"), "server <IP> is up");
  EXPECT_EQ(red("(10.0.0.1)"), "(<IP>)");
  EXPECT_EQ(red("at 8.8.8.8."), "at <IP>.");
  // Not addresses: an octet above 255, version numbers with more parts, leading zeros, 3 parts.
  EXPECT_EQ(red("256.1.1.1 and 1.2.3.4.5 and 01.2.3.4 and 1.2.3"),
            "256.1.1.1 and 1.2.3.4.5 and 01.2.3.4 and 1.2.3");
}

TEST(PiiScanner, Ipv6) {
  EXPECT_EQ(red("host 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ok"), "host <IP> ok");
  EXPECT_EQ(red("link fe80::1ff:fe23:4567:890a here"), "link <IP> here");
  EXPECT_EQ(red("mapped ::ffff:192.0.2.128."), "mapped <IP>.");
  // Not addresses: a time, C++ scope, two "::", a ninth group.
  EXPECT_EQ(red("at 12:30:45, std::vector, 1::2::3, 1:2:3:4:5:6:7:8:9"),
            "at 12:30:45, std::vector, 1::2::3, 1:2:3:4:5:6:7:8:9");
}

TEST(PiiScanner, Phones) {
  EXPECT_EQ(red("call +1 (555) 123-4567 now"), "call <PHONE> now");
  EXPECT_EQ(red("call 555-123-4567 or (555) 987 6543"), "call <PHONE> or <PHONE>");
  EXPECT_EQ(red("Tel: +44 20 7946 0958."), "Tel: <PHONE>.");
  EXPECT_EQ(red("手机：13812345678，或138 1234 5678"), "手机：<PHONE>，或<PHONE>");
  EXPECT_EQ(red("电话+86 139-1234-5678"), "电话<PHONE>");
  // Not phones: dates, years, prices, plain long numbers that are not China mobiles, 12 digits.
  EXPECT_EQ(red("on 2023-01-15 in 1999, $1,234.56, order 1234567890, 12012345678, 123456789012"),
            "on 2023-01-15 in 1999, $1,234.56, order 1234567890, 12012345678, 123456789012");
}

TEST(PiiScanner, ChineseIdNumbers) {
  EXPECT_EQ(red("身份证号11010519491231002X，"), "身份证号<ID>，");
  EXPECT_EQ(red("id 440524198001010014 end"), "id <ID> end");
  // Not ID-shaped: region 9, month 13, 19 digits, a letter inside.
  EXPECT_EQ(red("910105194912310021 110105194913310021 1101051949123100211 11010519491231A021"),
            "910105194912310021 110105194913310021 1101051949123100211 11010519491231A021");
}

TEST(PiiScanner, KindsCanBeTurnedOff) {
  PiiKinds only_email = {true, false, false, false};
  std::string text = "a@b.com 10.0.0.1 13812345678";
  EXPECT_EQ(redact(text, find_pii(text, only_email), tags), "<EMAIL> 10.0.0.1 13812345678");
}

TEST(PiiScanner, OffsetsMoveWithTheRedaction) {
  std::string text = "mail a@b.com now";  // the match is [5, 12)
  auto m = find_pii(text, all);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(map_offset(0, m, tags), 0u);
  EXPECT_EQ(map_offset(5, m, tags), 5u);
  EXPECT_EQ(map_offset(8, m, tags), 5u);
  EXPECT_EQ(map_offset(12, m, tags), 12u);  // "<EMAIL>" is 7 bytes, as is "a@b.com"
  EXPECT_EQ(map_offset(text.size(), m, tags), red(text).size());
}

TEST(PiiScanner, BadInputNeverCrashes) {
  EXPECT_TRUE(find_pii("", all).empty());
  for (char c : {'@', '1', ':', '.', '+', '('}) {
    std::string big(1 << 20, c);
    find_pii(big, all);
  }
  std::string invalid = "\xFF\xFE@\xC3\x28.com 1\xE2\x82.2.3.4 \xF0\x9F\x98";
  find_pii(invalid, all);
  std::string digits(1 << 20, '7');
  EXPECT_TRUE(find_pii(digits, all).empty());
}

}  // namespace
}  // namespace docpipe::filter_pii
