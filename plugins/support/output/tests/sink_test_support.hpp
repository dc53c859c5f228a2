// Helpers for the sinks' end-to-end tests: sample pages (English and
// Chinese, every block kind, characters that need escaping in some format),
// running a pipeline through the CLI, and running independent readers.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace docpipe::test {

//! An English page with every block kind and characters each format must escape.
inline constexpr const char* english_page = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Rivers, "quoted" &amp; tables</title>
<meta name="author" content="Ann O'Neil"></head>
<body><article>
<h1>Small Rivers, Big "Effects"</h1>
<p>Rivers carry water. They also carry, sediment &amp; nutrients; see a,b,"c".</p>
<h2>Details &lt;section&gt;</h2>
<ul><li>First item with *stars* and _underscores_</li><li>Second item
<ul><li>Nested item</li></ul></li></ul>
<table><tr><td>Name</td><td>Length, km</td></tr><tr><td>Elbe</td><td>1094</td></tr></table>
<blockquote>A river is a quote. It has two sentences!</blockquote>
<pre><code>for x in rivers:
    print("&lt;x&gt;")</code></pre>
<p># Not a heading, and | not a cell</p>
</article></body></html>
)";

//! A Chinese page (UTF-8) with headings, a list and a table.
inline constexpr const char* chinese_page = R"(<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>西湖区老旧小区改造“完成”</title></head>
<body><article>
<h1>西湖区加装电梯</h1>
<p>今年共完成改造三十个小区。居民表示满意！下一步怎么办？</p>
<h2>具体措施</h2>
<ul><li>加装电梯，共十二部</li><li>改造管网</li></ul>
<table><tr><td>小区</td><td>电梯</td></tr><tr><td>翠苑</td><td>4</td></tr></table>
<blockquote>“民生无小事。”</blockquote>
</article></body></html>
)";

//! Writes the two pages under dir/in and returns that directory.
inline std::string write_sample_pages(const TempDir& dir) {
  dir.write("in/en.html", english_page);
  dir.write("in/zh.html", chinese_page);
  return dir.path("in");
}

//! Runs `docpipe run PIPELINE` with the test segmenter on the plugin path.
inline CliResult run_pipeline(const std::string& pipeline, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run", pipeline, "--plugin-path", DOCPIPE_OUTPUT_TEST_PLUGIN_DIR,
                                    "--progress", "off", "--threads", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_cli(args);
}

//! What a shell command printed on stdout, and its exit code.
struct ShellResult {
  int exit_code = -1;
  std::string out;
};

//! Runs a shell command (an independent reader: python3, xmllint, zstdcat).
inline ShellResult shell(const std::string& command) {
  ShellResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

//! Runs a Python program (given as text, written to dir) with arguments.
inline ShellResult python(const TempDir& dir, const std::string& program, const std::string& args) {
  static int counter = 0;
  std::string script = dir.write("check_" + std::to_string(counter++) + ".py", program);
  return shell("python3 " + script + " " + args + " 2>&1");
}

}  // namespace docpipe::test
