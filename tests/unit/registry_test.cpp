#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "errors.hpp"
#include "instance.hpp"
#include "pipeline.hpp"
#include "plugin_registry.hpp"
#include "test_support.hpp"

using namespace docpipe;
using ::testing::HasSubstr;

namespace {
std::string reason_for(const PluginRegistry& r, const std::string& file_part) {
  for (const auto& rej : r.rejected())
    if (rej.file.string().find(file_part) != std::string::npos) return rej.reason;
  return "not rejected";
}
}  // namespace

TEST(Registry, LoadsTestPlugins) {
  PluginRegistry r;
  r.load({{DOCPIPE_TEST_PLUGIN_DIR, "test"}});
  ASSERT_NE(r.find("test.counter"), nullptr);
  EXPECT_EQ(r.find("test.counter")->descriptor->kind, DP_KIND_SOURCE);
  EXPECT_EQ(r.find("test.collect")->descriptor->kind, DP_KIND_SINK);
  EXPECT_EQ(r.find("no.such"), nullptr);
  EXPECT_TRUE(r.rejected().empty());
}

TEST(Registry, LoadsLibrariesBuiltForAnOlderMinor) {
  PluginRegistry r;
  r.load({{DOCPIPE_OLD_PLUGIN_DIR, "old"}});
  EXPECT_TRUE(r.rejected().empty()) << r.rejected().front().reason;
  // The second descriptor is only found at the library's own stride.
  ASSERT_NE(r.find("old.pass"), nullptr);
  ASSERT_NE(r.find("old.sink"), nullptr);
  EXPECT_EQ(r.find("old.sink")->descriptor->kind, DP_KIND_SINK);
  EXPECT_STREQ(r.find("old.sink")->descriptor->description, "An ABI 1.0 sink");

  ResolvedElement e;
  e.name = "old.sink#0";
  e.plugin = r.find("old.sink");
  e.config = std::make_shared<dp_config>();
  PluginInstance sink(e, InstancePlace{});
  EXPECT_FALSE(sink.can_checkpoint()) << "a 1.0 descriptor has no checkpoint member to read";
}

TEST(Registry, RefusesWrongAbiForeignAndBrokenLibraries) {
  test::TempDir dir;
  // Not even an ELF file, named like a plugin.
  test::write_file(dir / "garbage.so", std::string(4096, '\x7f'));
  PluginRegistry r;
  r.load({{DOCPIPE_BAD_PLUGIN_DIR, "bad"}, {dir.path(), "tmp"}});
  EXPECT_TRUE(r.plugins().empty());
  std::string major = reason_for(r, "abi_major_2");
  EXPECT_THAT(major, HasSubstr("incompatible ABI major version"));
  EXPECT_THAT(major, HasSubstr("plugin ABI 2.0"));
  const std::string ours = std::to_string(DOCPIPE_ABI_MAJOR) + "." + std::to_string(DOCPIPE_ABI_MINOR);
  const std::string newer = std::to_string(DOCPIPE_ABI_MAJOR) + "." + std::to_string(DOCPIPE_ABI_MINOR + 1);
  EXPECT_THAT(major, HasSubstr("docpipe's ABI " + ours));
  EXPECT_THAT(reason_for(r, "abi_minor_newer"), HasSubstr("plugin needs a newer docpipe (plugin ABI " + newer));
  EXPECT_THAT(reason_for(r, "not_a_plugin"), HasSubstr("not a docpipe plugin (no docpipe_plugin_abi symbol)"));
  EXPECT_THAT(reason_for(r, "garbage.so"), HasSubstr("cannot load"));
  std::vector<std::string> descriptor_reasons;
  for (const auto& rej : r.rejected())
    if (rej.file.string().find("bad_descriptor") != std::string::npos) descriptor_reasons.push_back(rej.reason);
  EXPECT_THAT(descriptor_reasons, ::testing::Contains(HasSubstr("'NoCategory' is not of the form category.name")));
  EXPECT_THAT(descriptor_reasons, ::testing::Contains(HasSubstr("bad.source: a source without next()")));
}

TEST(Registry, FirstDirectoryWinsAndSameFileLoadsOnce) {
  PluginRegistry r;
  r.load({{DOCPIPE_TEST_PLUGIN_DIR, "a"}, {DOCPIPE_TEST_PLUGIN_DIR, "b"}});
  EXPECT_TRUE(r.rejected().empty());  // the same file twice is not a duplicate
  EXPECT_EQ(r.searched().size(), 2u);
}

TEST(Registry, LaterLibrariesWithTheSameIdAreShadowedAndNamed) {
  // A second copy of the test plugins, searched first, provides the same ids.
  test::TempDir dir;
  const auto original = std::filesystem::path(DOCPIPE_TEST_PLUGIN_DIR) / "docpipe-test-plugins.so";
  std::filesystem::copy_file(original, dir / "docpipe-test-plugins.so");
  PluginRegistry r;
  r.load({{dir.path(), "--plugin-path"}, {DOCPIPE_TEST_PLUGIN_DIR, "built-in"}});
  EXPECT_TRUE(r.rejected().empty())
      << "a shadowed id is not a refusal: " << r.rejected().front().reason;
  const PluginInfo* counter = r.find("test.counter");
  ASSERT_NE(counter, nullptr);
  EXPECT_EQ(counter->library->file, dir / "docpipe-test-plugins.so")
      << "the first on the path wins";
  EXPECT_EQ(counter->library->origin, "--plugin-path");
  ASSERT_EQ(counter->shadowed.size(), 1u);
  EXPECT_EQ(counter->shadowed[0].library->file, original);
  EXPECT_STREQ(counter->shadowed[0].descriptor->id, "test.counter");
  std::string w = shadowing_warning(*counter);
  EXPECT_THAT(w, HasSubstr("plugin test.counter is provided by 2 libraries: using " +
                           (dir / "docpipe-test-plugins.so") + " (--plugin-path)"));
  EXPECT_THAT(w, HasSubstr("shadowed: " + original.string() + " (built-in)"));

  PluginRegistry alone;
  alone.load({{DOCPIPE_TEST_PLUGIN_DIR, "built-in"}});
  EXPECT_TRUE(alone.find("test.counter")->shadowed.empty());
  EXPECT_EQ(shadowing_warning(*alone.find("test.counter")), "");
}

TEST(Registry, RefusalsAreFoundByIdAndByLibraryName) {
  PluginRegistry r;
  r.load({{DOCPIPE_BAD_PLUGIN_DIR, "bad"}});
  // Refused before any descriptor was read: found by the file name docpipe-bad-abi_major_2.so.
  auto major = r.refusals_of("bad.abi_major_2");
  ASSERT_EQ(major.size(), 1u);
  EXPECT_THAT(major[0]->reason, HasSubstr("incompatible ABI major version"));
  // Refused after the descriptor was read: found by its id.
  auto source = r.refusals_of("bad.source");
  ASSERT_EQ(source.size(), 1u);
  EXPECT_EQ(source[0]->id, "bad.source");
  EXPECT_THAT(source[0]->reason, HasSubstr("a source without next()"));
  EXPECT_TRUE(r.refusals_of("bad.nothing").empty());
  EXPECT_TRUE(r.refusals_of("test.counter").empty());
}

TEST(Registry, InstancesKeepTheirLibraryLoaded) {
  test::TempDir dir;
  std::unique_ptr<PluginInstance> instance;
  {
    PluginRegistry r;
    r.load({{DOCPIPE_TEST_PLUGIN_DIR, "test"}});
    PipelineSpec spec = parse_pipeline_inline("test.counter count=3 ! test.collect path=" + (dir / "o.tsv"));
    // An explicit errors sink so the default (export.jsonl) is not needed.
    spec.elements.push_back({ElementRole::errors, "test.collect", "", {{"path", dir / "e.tsv", ""}}, {}, {}, 0});
    Pipeline p = resolve_pipeline(spec, r, {});
    instance = std::make_unique<PluginInstance>(p.source, InstancePlace{});
  }  // the registry, its PluginInfo and the pipeline are gone
  dp_document doc;
  EXPECT_EQ(instance->next(doc).status, DP_OK);
  EXPECT_EQ(doc.get(DP_FIELD_ID), "doc-00000");
}

TEST(Resolve, UnknownPluginListsAvailableAndSearched) {
  PluginRegistry r;
  r.load({{DOCPIPE_TEST_PLUGIN_DIR, "test"}});
  try {
    resolve_pipeline(parse_pipeline_inline("test.countr ! test.collect path=x"), r, {});
    FAIL();
  } catch (const PluginError& e) {
    EXPECT_THAT(e.what(), HasSubstr("<command line>:1:1: unknown plugin 'test.countr' (did you mean 'test.counter'?)"));
    EXPECT_THAT(e.what(), HasSubstr("searched:"));
  }
}

TEST(Resolve, KindsCapabilitiesAndOverrides) {
  PluginRegistry r;
  r.load({{DOCPIPE_TEST_PLUGIN_DIR, "test"}});
  auto error = [&](const std::string& line, std::vector<std::string> sets = {}) -> std::string {
    try {
      PipelineSpec spec = parse_pipeline_inline(line);
      spec.elements.push_back({ElementRole::errors, "test.collect", "", {{"path", "/tmp/e", ""}}, {}, {}, 0});
      resolve_pipeline(spec, r, sets);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_THAT(error("test.text ! test.collect path=x"), HasSubstr("a pipeline needs exactly one source"));
  EXPECT_THAT(error("test.counter ! test.misbehave ! test.collect path=x"),
              HasSubstr("1:16: test.misbehave#0 needs 'text', which no earlier element provides (provided so far: raw)"));
  EXPECT_EQ(error("test.counter ! test.text ! test.misbehave ! test.collect path=x"), "no error");
  EXPECT_THAT(error("test.counter ! test.collect path=x ! test.text"), HasSubstr("comes after a sink"));
  EXPECT_THAT(error("test.counter count=many ! test.collect path=x"), HasSubstr("expected an integer, got 'many'"));
  EXPECT_EQ(error("test.counter ! test.collect path=x", {"test.counter.count=5"}), "no error");
  EXPECT_THAT(error("test.counter ! test.collect path=x", {"test.counter.count=five"}),
              HasSubstr("--set test.counter.count=five"));
  EXPECT_THAT(error("test.counter ! test.collect path=x", {"nope.count=5"}), HasSubstr("no element named 'nope'"));
  EXPECT_THAT(error("test.counter ! test.collect path=x", {"count=5"}), HasSubstr("expected instance.param=value"));
}

TEST(Resolve, OverrideReplacesValue) {
  PluginRegistry r;
  r.load({{DOCPIPE_TEST_PLUGIN_DIR, "test"}});
  PipelineSpec spec = parse_pipeline_inline("test.counter count=3 ! test.collect path=x ! test.collect path=y");
  spec.elements.push_back({ElementRole::errors, "test.collect", "", {{"path", "/tmp/e", ""}}, {}, {}, 0});
  Pipeline p = resolve_pipeline(spec, r, {"test.counter#0.count=7", "test.collect#1.path=z"});
  EXPECT_EQ(p.source.config->find("count")->integer, 7);
  EXPECT_EQ(p.sinks[0].config->find("path")->text, "x");
  EXPECT_EQ(p.sinks[1].name, "test.collect#1");
  EXPECT_EQ(p.sinks[1].config->find("path")->text, "z");
}
