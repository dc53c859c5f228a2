#include "metadata/byline.hpp"

#include <gtest/gtest.h>

namespace docpipe::clean_html {
namespace {

TEST(Byline, RoleWordsAreNotNames) {
  auto b = parse_byline("作者:记者 徐雪纯 编辑:陈周滢");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->author, "徐雪纯");
  EXPECT_EQ(b->editor, "陈周滢");
  auto c = parse_byline("作者：见习记者 王五 通讯员 赵六 实习生 孙七");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->author, "王五、赵六、孙七");
  auto d = parse_byline("作者：特约记者 李四、本报通讯员 钱八");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->author, "李四、钱八");
  auto e = parse_byline("作者：实习生李四");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->author, "李四");
}

TEST(Byline, SourceAndAuthorWithColons) {
  auto b = parse_byline("来源：新华社 作者：张三");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->source, "新华社");
  EXPECT_EQ(b->author, "张三");
  EXPECT_EQ(b->editor, "");
  EXPECT_EQ(b->date, "");
}

TEST(Byline, ReporterWithSpaceAndSeveralNames) {
  auto b = parse_byline("本报记者 王五 赵六");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->author, "王五、赵六");
  auto c = parse_byline("记者 李四");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->author, "李四");
}

TEST(Byline, GluedReporterLabel) {
  auto b = parse_byline("本报记者王五");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->author, "王五");
}

TEST(Byline, EditorInBrackets) {
  auto b = parse_byline("（责任编辑：刘洋）");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->editor, "刘洋");
  auto c = parse_byline("责任编辑：王五_NBJ11279");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->editor, "王五");
  auto d = parse_byline("编辑：陈晨");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->editor, "陈晨");
}

TEST(Byline, CombinedLineWithDate) {
  auto b = parse_byline("2024-02-20 12:57 来源：人民网 作者：张三");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date, "2024-02-20T12:57:00");
  EXPECT_EQ(b->source, "人民网");
  EXPECT_EQ(b->author, "张三");
}

TEST(Byline, ChineseDateAndBars) {
  auto b = parse_byline("2024年02月20日 08:30 | 来源：中国新闻网 | 编辑：李明");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date, "2024-02-20T08:30:00");
  EXPECT_EQ(b->source, "中国新闻网");
  EXPECT_EQ(b->editor, "李明");
}

TEST(Byline, LabelledPublishTime) {
  auto b = parse_byline("发布时间：2024-02-20 12:57:59　来源：新华网");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date, "2024-02-20T12:57:59");
  EXPECT_EQ(b->source, "新华网");
}

TEST(Byline, AgencyBeforeReporter) {
  auto b = parse_byline("新华社记者 张三 李四");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->source, "新华社");
  EXPECT_EQ(b->author, "张三、李四");
}

TEST(Byline, AsciiColonsAndNoSpaces) {
  auto b = parse_byline("来源:人民网作者:张三");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->source, "人民网");
  EXPECT_EQ(b->author, "张三");
}

TEST(Byline, ProseMentioningReportersIsNotAByline) {
  EXPECT_FALSE(parse_byline("记者从有关部门获悉，今年以来全市新增就业岗位三万个。"));
  EXPECT_FALSE(parse_byline("据新华社记者报道，当地时间20日，会议在北京召开。"));
  EXPECT_FALSE(parse_byline("该数据来源：国家统计局，显示经济增长5%。"));
  EXPECT_FALSE(parse_byline("本报记者 张三报道：昨天，市政府召开新闻发布会。"));
  EXPECT_FALSE(parse_byline("作者在书中写道，这是一个时代的结束。"));
  EXPECT_FALSE(parse_byline("文章来源于网络，版权归原作者所有"));
  EXPECT_FALSE(parse_byline("The reporter said the source was reliable."));
}

TEST(Byline, BareDateOrEmptyIsNotAByline) {
  EXPECT_FALSE(parse_byline(""));
  EXPECT_FALSE(parse_byline("2024-02-20 12:57"));
  EXPECT_FALSE(parse_byline("编辑："));
}

TEST(Byline, LongBlockIsNotAByline) {
  std::string long_text = "来源：人民网 ";
  for (int i = 0; i < 60; ++i) long_text += "作者：张三 ";
  EXPECT_FALSE(parse_byline(long_text));
}

TEST(Byline, OverlongNamesAreRejected) {
  EXPECT_FALSE(parse_byline("作者：这是一个非常非常非常非常长的不像名字的文字串"));
}

}  // namespace
}  // namespace docpipe::clean_html

namespace docpipe::clean_html {
namespace {

TEST(Byline, CounterFieldsAreIgnored) {
  auto b =
      parse_byline("2024-03-12 09:15:32\u3000来源：钱塘日报\u3000作者：陈晓雨\u3000点击：1024");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date, "2024-03-12T09:15:32");
  EXPECT_EQ(b->source, "钱塘日报");
  EXPECT_EQ(b->author, "陈晓雨");
}

}  // namespace
}  // namespace docpipe::clean_html
