// The docpipe command as users run it: exit codes, messages, plugin listing,
// interruption. Uses the test plugins so the host is tested on its own.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>
#include <thread>

#include <docpipe/plugin.h>

#include "test_support.hpp"

using docpipe::test::read_file;
using docpipe::test::read_lines;
using docpipe::test::run_cli;
using docpipe::test::TempDir;
using docpipe::test::write_file;
using ::testing::HasSubstr;

namespace {

const std::string kTestPlugins = std::string("--plugin-path=") + DOCPIPE_TEST_PLUGIN_DIR;

// A pipeline file of test plugins with an explicit errors sink.
std::string pipeline_xml(const TempDir& dir, const std::string& stages, const std::string& source_params = "<param name=\"count\">20</param>") {
  return "<pipeline name=\"t\">\n"
         "  <source use=\"test.counter\">" + source_params + "</source>\n"
         "  <stage use=\"test.text\"/>\n" + stages +
         "  <sink use=\"test.collect\"><param name=\"path\">" + (dir / "out.tsv") + "</param></sink>\n"
         "  <errors use=\"test.collect\"><param name=\"path\">" + (dir / "errors.tsv") + "</param></errors>\n"
         "</pipeline>\n";
}

}  // namespace

TEST(Cli, VersionAndHelp) {
  auto v = run_cli({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_THAT(v.out, HasSubstr("docpipe 0.1.0 (plugin ABI " + std::to_string(DOCPIPE_ABI_MAJOR) + "." +
                                std::to_string(DOCPIPE_ABI_MINOR)));
  auto h = run_cli({"run", "--help"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_THAT(h.out, HasSubstr("--threads"));
  EXPECT_THAT(h.out, HasSubstr("--queue-docs"));
  EXPECT_THAT(h.out, HasSubstr("130 interrupted"));
  EXPECT_EQ(run_cli({}).exit_code, 1);
  EXPECT_EQ(run_cli({"frobnicate"}).exit_code, 1);
}

TEST(Cli, RunsAPipelineAndWritesStats) {
  TempDir dir;
  write_file(dir / "p.xml", pipeline_xml(dir, ""));
  auto r = run_cli({"run", dir / "p.xml", kTestPlugins, "--threads", "2", "--stats", dir / "stats.json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("documents: 20 read, 20 ok, 0 dropped, 0 failed"));
  EXPECT_EQ(read_lines(dir / "out.tsv").size(), 20u);
  auto stats = boost::json::parse(read_file(dir / "stats.json")).as_object();
  EXPECT_EQ(stats.at("documents").at("ok").as_int64(), 20);
  EXPECT_EQ(stats.at("exit_code").as_int64(), 0);
  EXPECT_GT(stats.at("bytes").at("in").as_int64(), 0);
  EXPECT_EQ(stats.at("elements").as_array().size(), 4u);
}

TEST(Cli, FailedDocumentsGiveExitThreeUnlessTolerated) {
  TempDir dir;
  write_file(dir / "p.xml", pipeline_xml(dir, "  <stage use=\"test.misbehave\"><param name=\"every\">5</param></stage>\n"));
  auto r = run_cli({"run", dir / "p.xml", kTestPlugins});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("20 read, 16 ok, 0 dropped, 4 failed"));
  auto errors = read_lines(dir / "errors.tsv");
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_THAT(errors[0], HasSubstr("test.misbehave#0\tfailed on purpose"));
  EXPECT_EQ(run_cli({"run", dir / "p.xml", kTestPlugins, "--max-failed", "4"}).exit_code, 0);
}

TEST(Cli, ConfigErrorsAreExitOneWithPosition) {
  TempDir dir;
  write_file(dir / "bad.xml", "<pipeline>\n  <source use=\"test.counter\">\n    <param name=\"count\">many</param>\n  </source>\n"
                              "  <sink use=\"test.collect\"><param name=\"path\">x</param></sink>\n"
                              "  <errors use=\"test.collect\"><param name=\"path\">y</param></errors>\n</pipeline>\n");
  auto r = run_cli({"run", dir / "bad.xml", kTestPlugins});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(dir / "bad.xml:3:5: parameter 'count' of test.counter#0 (int): expected an integer, got 'many'"));
  write_file(dir / "broken.xml", "<pipeline>\n  <source use=\"test.counter\">\n</pipeline>\n");
  r = run_cli({"run", dir / "broken.xml", kTestPlugins});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("broken.xml:3:"));
  r = run_cli({"run", dir / "missing.xml", kTestPlugins});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("missing.xml: cannot read pipeline file: No such file or directory"));
  r = run_cli({"run", dir / "bad.xml", "--threads", "lots"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("see: docpipe run --help"));
}

TEST(Cli, UnknownPluginIsExitTwo) {
  auto r = run_cli({"run", "test.counter ! nope.nothing ! test.collect path=/tmp/x", kTestPlugins});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("<command line>:1:16: unknown plugin 'nope.nothing'"));
  EXPECT_THAT(r.err, HasSubstr(DOCPIPE_TEST_PLUGIN_DIR));
}

TEST(Cli, ValidateChecksWithoutRunning) {
  TempDir dir;
  write_file(dir / "p.xml", pipeline_xml(dir, ""));
  auto ok = run_cli({"validate", dir / "p.xml", kTestPlugins});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("ok: pipeline 't': test.counter#0 ! test.text#0 ! test.collect#0"));
  EXPECT_FALSE(std::filesystem::exists(dir / "out.tsv"));  // nothing ran
  write_file(dir / "caps.xml", "<pipeline><source use=\"test.counter\"/><stage use=\"test.misbehave\"/>"
                               "<sink use=\"test.collect\"><param name=\"path\">x</param></sink>"
                               "<errors use=\"test.collect\"><param name=\"path\">y</param></errors></pipeline>");
  auto caps = run_cli({"validate", dir / "caps.xml", kTestPlugins});
  EXPECT_EQ(caps.exit_code, 1);
  EXPECT_THAT(caps.err, HasSubstr("caps.xml:1:39: test.misbehave#0 needs 'text', which no earlier element provides"));
}

TEST(Cli, PluginsListsLoadedAndRejected) {
  auto r = run_cli({"plugins", "--json", kTestPlugins, std::string("--plugin-path=") + DOCPIPE_BAD_PLUGIN_DIR});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = boost::json::parse(r.out).as_object();
  bool counter = false;
  for (const auto& p : o.at("plugins").as_array())
    if (p.at("id").as_string() == "test.counter") {
      counter = true;
      EXPECT_EQ(p.at("kind").as_string(), "source");
      EXPECT_THAT(std::string(p.at("file").as_string()), HasSubstr("docpipe-test-plugins.so"));
    }
  EXPECT_TRUE(counter);
  std::string rejected = boost::json::serialize(o.at("rejected"));
  EXPECT_THAT(rejected, HasSubstr("incompatible ABI major version"));
  EXPECT_THAT(rejected, HasSubstr("not a docpipe plugin"));
  auto text = run_cli({"plugins", kTestPlugins, std::string("--plugin-path=") + DOCPIPE_BAD_PLUGIN_DIR});
  EXPECT_THAT(text.out, HasSubstr("test.collect"));
  EXPECT_THAT(text.out, HasSubstr("rejected:"));
}

TEST(Cli, DescribeRendersTheParameterTable) {
  auto r = run_cli({"describe", "test.counter", kTestPlugins});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("test.counter 1.0.0 (source)"));
  EXPECT_THAT(r.out, HasSubstr("count"));
  EXPECT_THAT(r.out, HasSubstr("default 10, range -1.."));
  EXPECT_THAT(r.out, HasSubstr("provides:  raw"));
  auto j = run_cli({"describe", "test.misbehave", "--json", kTestPlugins});
  auto o = boost::json::parse(j.out).as_object();
  EXPECT_EQ(o.at("params").as_array()[1].at("choices").as_string(), "error|drop|throw|bad_alloc|component_error");
  auto missing = run_cli({"describe", "test.countr", kTestPlugins});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("did you mean 'test.counter'"));
}

TEST(Cli, ShadowedPluginsAreNamedByRunValidateAndPlugins) {
  // A second copy of the test plugins earlier on the search path replaces every id.
  TempDir dir, shadow;
  const std::string original = std::string(DOCPIPE_TEST_PLUGIN_DIR) + "/docpipe-test-plugins.so";
  std::filesystem::copy_file(original, shadow / "docpipe-test-plugins.so");
  const std::string shadow_path = "--plugin-path=" + shadow.path().string();
  write_file(dir / "p.xml", pipeline_xml(dir, ""));
  const std::string used = "using " + (shadow / "docpipe-test-plugins.so") + " (--plugin-path)";
  const std::string lost = "shadowed: " + original + " (--plugin-path)";

  auto validate = run_cli({"validate", dir / "p.xml", shadow_path, kTestPlugins});
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
  for (const char* id : {"test.counter", "test.text", "test.collect"})
    EXPECT_THAT(validate.err,
                HasSubstr(std::string("plugin ") + id + " is provided by 2 libraries: " + used +
                          ", the first on the search path; " + lost));
  // One warning per id, though test.collect is both the sink and the errors sink.
  size_t collect = 0;
  for (size_t at = 0; (at = validate.err.find("plugin test.collect is", at)) != std::string::npos;
       ++at)
    ++collect;
  EXPECT_EQ(collect, 1u);

  auto run = run_cli({"run", dir / "p.xml", shadow_path, kTestPlugins});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("plugin test.counter is provided by 2 libraries: " + used));
  EXPECT_EQ(read_lines(dir / "out.tsv").size(), 20u);

  // Without the copy, no warning.
  auto plain = run_cli({"validate", dir / "p.xml", kTestPlugins});
  EXPECT_THAT(plain.err, ::testing::Not(HasSubstr("provided by")));

  auto listed = run_cli({"plugins", shadow_path, kTestPlugins});
  EXPECT_THAT(listed.out, HasSubstr("shadowed (a library earlier on the search path wins):"));
  EXPECT_THAT(listed.out, HasSubstr(original));
  auto json = run_cli({"plugins", "--json", shadow_path, kTestPlugins});
  const boost::json::value listing = boost::json::parse(json.out);
  for (const auto& p : listing.at("plugins").as_array())
    if (p.at("id").as_string() == "test.counter") {
      EXPECT_EQ(boost::json::serialize(p.at("shadowed")), "[\"" + original + "\"]");
    }
  auto described = run_cli({"describe", "test.counter", shadow_path, kTestPlugins});
  EXPECT_THAT(described.out, HasSubstr("shadows:   " + original));
}

TEST(Cli, DescribeOfARefusedPluginSaysWhy) {
  const std::string bad = std::string("--plugin-path=") + DOCPIPE_BAD_PLUGIN_DIR;
  // Refused before its descriptor was read: found by the library's name.
  auto major = run_cli({"describe", "bad.abi_major_2", bad});
  EXPECT_EQ(major.exit_code, 2);
  EXPECT_THAT(major.err, HasSubstr("plugin 'bad.abi_major_2' was refused:"));
  EXPECT_THAT(major.err, HasSubstr("docpipe-bad-abi_major_2.so: incompatible ABI major version"));
  EXPECT_THAT(major.err, ::testing::Not(HasSubstr("unknown plugin")));
  // Refused for its descriptor: found by its id.
  auto source = run_cli({"describe", "bad.source", bad});
  EXPECT_EQ(source.exit_code, 2);
  EXPECT_THAT(source.err, HasSubstr("plugin 'bad.source' was refused:"));
  EXPECT_THAT(source.err,
              HasSubstr("docpipe-bad-bad_descriptor.so: bad.source: a source without next()"));
  // Neither loaded nor refused: still unknown.
  auto unknown = run_cli({"describe", "bad.nothing", bad});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown plugin 'bad.nothing'"));
}

TEST(Cli, SetOverridesParameters) {
  TempDir dir;
  write_file(dir / "p.xml", pipeline_xml(dir, ""));
  auto r = run_cli({"run", dir / "p.xml", kTestPlugins, "--set", "test.counter.count=7"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_lines(dir / "out.tsv").size(), 7u);
}

TEST(Cli, SigintDrainsAndExits130) {
  TempDir dir;
  std::string ready = dir / "ready";
  write_file(dir / "p.xml", pipeline_xml(dir, "  <stage use=\"test.jitter\"/>\n",
                                         "<param name=\"count\">-1</param><param name=\"ready_after\">100</param>"
                                         "<param name=\"ready_file\">" + ready + "</param>"));
  pid_t pid = fork();
  if (pid == 0) {
    FILE* e = std::freopen((dir / "err").c_str(), "w", stderr);
    if (e == nullptr) _exit(127);
    std::string exe = DOCPIPE_CLI, file = dir / "p.xml", stats = "--stats=" + (dir / "stats.json");
    std::string plugins = kTestPlugins;
    execl(exe.c_str(), exe.c_str(), "run", file.c_str(), plugins.c_str(), stats.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait for the run to be under way (a condition, not a guess at timing).
  for (int i = 0; i < 6000 && !std::filesystem::exists(ready); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(std::filesystem::exists(ready));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  auto stats = boost::json::parse(read_file(dir / "stats.json")).as_object();
  EXPECT_TRUE(stats.at("interrupted").as_bool());
  int64_t read = stats.at("documents").at("read").as_int64();
  EXPECT_GE(read, 100);
  EXPECT_EQ(stats.at("documents").at("ok").as_int64(), read);
  EXPECT_EQ(static_cast<int64_t>(read_lines(dir / "out.tsv").size()), read);  // drained and flushed
  EXPECT_THAT(read_file(dir / "err"), HasSubstr("interrupted"));
}

TEST(Cli, JsonLogFormat) {
  TempDir dir;
  write_file(dir / "p.xml", pipeline_xml(dir, ""));
  auto r = run_cli({"run", dir / "p.xml", kTestPlugins, "--log-format", "json", "--log-level", "debug"});
  EXPECT_EQ(r.exit_code, 0);
  auto first = r.err.substr(0, r.err.find('\n'));
  auto o = boost::json::parse(first).as_object();
  EXPECT_EQ(o.at("logger").as_string(), "docpipe");
  EXPECT_THAT(r.err, HasSubstr("limits: "));  // queue limits in the debug log
  EXPECT_EQ(run_cli({"run", dir / "p.xml", kTestPlugins, "--log-level", "loud"}).exit_code, 1);
}
