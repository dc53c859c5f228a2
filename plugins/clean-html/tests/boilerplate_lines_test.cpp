// The line rules of boilerplate_lines.hpp: each kind caught, and prose that
// merely mentions the same words left alone.
#include <gtest/gtest.h>

#include <string_view>

#include "extract/boilerplate_lines.hpp"

namespace docpipe::clean_html {
namespace {

TEST(BoilerplateLines, SiteDomainsStandingAlone) {
  for (std::string_view s :
       {"www.example.com", "news.qjwx.com.cn", "https://example.org/", "EXAMPLE.COM"}) {
    EXPECT_TRUE(is_boilerplate_line(s)) << s;
  }
  for (std::string_view s :
       {"3.14", "Visit www.example.com for the full schedule of the festival.", "e.g."}) {
    EXPECT_FALSE(is_boilerplate_line(s)) << s;
  }
}

TEST(BoilerplateLines, ChineseFilingAndLicenceNumbers) {
  for (std::string_view s :
       {"浙ICP备12345678号", "浙ICP备12345678号-1", "京ICP证030173号",
        "京公网安备 11010502030143号", "浙新办[2006]23号", "互联网新闻信息服务许可证：33120170001",
        "浙ICP备12345678号　浙公网安备 33010802003456号"}) {
    EXPECT_TRUE(is_boilerplate_line(s)) << s;
  }
  EXPECT_FALSE(
      is_boilerplate_line("市场监管部门表示，今年将加快发放营业许可证的速度，方便企业办事。"));
}

TEST(BoilerplateLines, CopyrightLines) {
  for (std::string_view s :
       {"© 2024 Example Media", "Copyright © 2019 The Hill. All rights reserved.",
        "Copyright 2020 Example Inc.", "版权所有 © 2024 钱江晚讯", "(c) 2021 Foo Ltd",
        "All Rights Reserved."}) {
    EXPECT_TRUE(is_boilerplate_line(s)) << s;
  }
  EXPECT_FALSE(
      is_boilerplate_line("Copyright law in the United States protects original works of "
                          "authorship, and the courts have long "
                          "debated how far it reaches into software, recipes and fashion design."));
}

TEST(BoilerplateLines, ShareAndPrintAndCloseCommands) {
  for (std::string_view s :
       {"Share", "Share this article", "分享到：", "分享到：微博 微信 QQ空间", "Print", "【打印】",
        "[ 打印本页 ]", "【打印】【关闭窗口】", "关闭窗口", "Close window", "Share | Print | Email",
        "返回顶部", "Share on Facebook", "ADVERTISEMENT", "Advert", "【字号 大 中 小】",
        "扫一扫，用手机看新闻！"}) {
    EXPECT_TRUE(is_boilerplate_line(s)) << s;
  }
  for (std::string_view s :
       {"Print media is struggling.", "They share a flat in Leeds.", "打印机的价格下降了。"}) {
    EXPECT_FALSE(is_boilerplate_line(s)) << s;
  }
}

TEST(BoilerplateLines, PreviousAndNextArticleLinks) {
  for (std::string_view s :
       {"上一篇：西湖景区春季花展下周开幕", "下一篇：钱塘江两岸新增十公里绿道", "上一篇 没有了",
        "Previous article: Storm hits the coast", "Next post »"}) {
    EXPECT_TRUE(is_boilerplate_line(s)) << s;
  }
}

TEST(BoilerplateLines, MarkupShownAsText) {
  EXPECT_TRUE(
      is_boilerplate_line("<img height=\"1\" width=\"1\" src=\"http://b.example.com/p?c1=2\">"));
  EXPECT_TRUE(is_boilerplate_line(
      "[button link=\"http://example.com/\" type=\"big\"] Send us your review[/button]"));
  EXPECT_FALSE(is_boilerplate_line("<3 this recipe"));
  EXPECT_FALSE(is_boilerplate_line("[1] Smith, J. (2019). Rivers."));
}

TEST(BoilerplateLines, ProseIsNotBoilerplate) {
  for (std::string_view s :
       {"The council met on Tuesday.", "记者从滨江区交通运输局获悉，新线路今天开通。",
        "He said: share the load, print the map, close the window and go."}) {
    EXPECT_FALSE(is_boilerplate_line(s)) << s;
  }
}

TEST(BoilerplateLines, StripCommandsLeavesTheRest) {
  EXPECT_EQ(strip_commands("2024年03月18日 来源：某市日报 【字号 大 中 小】 【打印】 【关闭】"),
            "2024年03月18日 来源：某市日报");
  EXPECT_EQ(strip_commands("Posted March 3 [ Print ] [Share]"), "Posted March 3");
  EXPECT_EQ(strip_commands("See [1] and 【注】 below."), "See [1] and 【注】 below.");
}

TEST(RelatedHeading, TailsOfLinksToOtherPages) {
  for (std::string_view s :
       {"Related articles", "Related Posts", "You may also like", "相关新闻", "相关阅读",
        "推荐阅读", "More from The Hill", "More Washington Examiner", "Most Popular"}) {
    EXPECT_TRUE(is_related_heading(s)) << s;
  }
  for (std::string_view s : {"More than 300 people were deported to India on Friday.",
                             "Relationships", "Choosing a variety"}) {
    EXPECT_FALSE(is_related_heading(s)) << s;
  }
}

TEST(DateLine, DatesAndTimesAlone) {
  for (std::string_view s :
       {"2024-02-20 12:57", "March 3, 2020", "Nov 20 2019, 11:06am ist", "2024年2月20日",
        "Updated 5:27 am CST, Wednesday, November 20, 2019"}) {
    EXPECT_TRUE(is_date_line(s)) << s;
  }
  for (std::string_view s : {"In 2020 the plan changed.", "2024", "March on, comrades 2020"}) {
    EXPECT_FALSE(is_date_line(s)) << s;
  }
}

}  // namespace
}  // namespace docpipe::clean_html
