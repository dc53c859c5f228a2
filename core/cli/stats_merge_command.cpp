// docpipe stats merge INPUT... : one summary of the --stats JSON of many shards
// (files, or state directories whose shards each hold a stats.json).
#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>

#include "../errors.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "shard_state.hpp"

namespace docpipe::cli {
namespace fs = std::filesystem;
namespace {

const char* kMergeUsage = R"(Usage: docpipe stats merge INPUT... [-o FILE]

Merges the run statistics of the shards of a run into one summary. Each INPUT
is a stats JSON file (docpipe run --stats FILE) or a state directory (docpipe
run --state DIR), whose every shard's stats.json is read.

The summary sums documents (read, ok, dropped, failed) and bytes, and each
element's calls, seconds, dropped and failed by element name. wall_seconds is
the longest shard's wall time (the job's elapsed time when the shards ran side
by side) and shard_seconds their sum (the compute spent); docs_per_second and
mb_per_second divide by wall_seconds, docs_per_shard_second and
mb_per_shard_second by shard_seconds. It goes to stdout (or -o FILE) as JSON,
and a human summary to stderr.

Exit status: 0 merged; 1 a missing or malformed input (the message names it),
or one shard given twice.

Options)";

struct Input {
  std::string file;
  boost::json::object stats;
};

std::string read_whole(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError("stats merge: " + file + ": cannot open (" +
                             (fs::exists(file) ? "permission denied" : "no such file") + ")");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

const boost::json::value& member(const boost::json::object& o, const std::string& path, const std::string& file) {
  const boost::json::object* cur = &o;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    const auto* v = cur->if_contains(key);
    if (v == nullptr) throw ConfigError("stats merge: " + file + ": missing '" + path + "' (not a docpipe stats file?)");
    if (dot == std::string::npos) return *v;
    if (!v->is_object()) throw ConfigError("stats merge: " + file + ": '" + path.substr(0, dot) + "' is not an object");
    cur = &v->get_object();
    start = dot + 1;
  }
}

uint64_t count_of(const boost::json::object& o, const std::string& path, const std::string& file) {
  const auto& v = member(o, path, file);
  if (v.is_uint64()) return v.get_uint64();
  if (v.is_int64() && v.get_int64() >= 0) return static_cast<uint64_t>(v.get_int64());
  throw ConfigError("stats merge: " + file + ": '" + path + "' is not a count");
}

double number_of(const boost::json::object& o, const std::string& path, const std::string& file) {
  const auto& v = member(o, path, file);
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  throw ConfigError("stats merge: " + file + ": '" + path + "' is not a number");
}

Input load(const std::string& file) {
  std::string text = read_whole(file);
  boost::json::value v;
  try {
    v = boost::json::parse(text);
  } catch (const std::exception& e) {
    throw ConfigError("stats merge: " + file + ": not JSON: " + e.what());
  }
  if (!v.is_object()) throw ConfigError("stats merge: " + file + ": expected a JSON object");
  Input in{file, std::move(v.get_object())};
  // Check everything the merge reads now, so a bad file is named before any output.
  for (const char* k : {"documents.read", "documents.ok", "documents.dropped", "documents.failed", "bytes.in",
                        "bytes.out", "shard.index", "shard.count"})
    count_of(in.stats, k, file);
  number_of(in.stats, "wall_seconds", file);
  if (!member(in.stats, "elements", file).is_array())
    throw ConfigError("stats merge: " + file + ": 'elements' is not an array");
  return in;
}

// A state directory stands for its shards' stats.json files.
std::vector<std::string> expand(const std::string& input, std::vector<std::string>& warnings) {
  std::error_code ec;
  if (!fs::is_directory(input, ec)) return {input};
  auto dirs = list_shard_dirs(input);
  auto count = common_shard_count(dirs);
  if (!count && fs::exists(fs::path(input) / "stats.json", ec)) return {(fs::path(input) / "stats.json").string()};
  if (!count) throw ConfigError("stats merge: " + input + ": neither a state directory (no shard-*-of-* in it) nor a shard's");
  std::vector<std::string> files;
  std::set<uint32_t> seen;
  for (const auto& d : dirs) {
    fs::path f = d.dir / "stats.json";
    if (!fs::exists(f, ec))
      throw ConfigError("stats merge: " + f.string() + ": no such file (shard " + std::to_string(d.index) + "/" +
                        std::to_string(d.count) + " has not finished an attempt; see docpipe status " + input + ")");
    files.push_back(f.string());
    seen.insert(d.index);
  }
  if (seen.size() < *count)
    warnings.push_back(input + ": only " + std::to_string(seen.size()) + " of " + std::to_string(*count) +
                       " shards have a directory; the summary covers those");
  return files;
}

struct ElementSum {
  std::string plugin, role;
  uint64_t calls = 0, dropped = 0, failed = 0;
  double seconds = 0;
};

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

}  // namespace

int stats_merge_command(const std::vector<std::string>& args) {
  return guarded([&] {
    std::vector<std::string> inputs;
    std::string out_file;
    bool help = false;
    po::options_description desc(kMergeUsage);
    desc.add_options()
        ("input", po::value(&inputs)->composing(), "stats JSON file or state directory (repeatable)")
        ("output,o", po::value(&out_file), "write the merged JSON here instead of stdout")
        ("help,h", po::bool_switch(&help), "show this help");
    po::positional_options_description pos;
    pos.add("input", -1);
    parse(args, desc, pos, "stats merge");
    if (help) {
      std::cout << desc << "\n";
      return static_cast<int>(kExitOk);
    }
    if (inputs.empty()) throw ConfigError("stats merge: no input given (see: docpipe stats merge --help)");

    std::vector<std::string> warnings, files;
    for (const auto& in : inputs)
      for (auto& f : expand(in, warnings)) files.push_back(std::move(f));
    std::vector<Input> loaded;
    for (const auto& f : files) loaded.push_back(load(f));

    uint64_t read = 0, ok = 0, dropped = 0, failed = 0, bytes_in = 0, bytes_out = 0, failed_shards = 0;
    uint64_t skipped_committed = 0;  // resumed shards: documents earlier attempts committed
    double wall = 0, shard_seconds = 0;
    bool interrupted = false;
    std::vector<std::string> pipelines;
    std::vector<std::string> element_order;
    std::map<std::string, ElementSum> elements;
    std::map<std::pair<uint64_t, uint64_t>, std::string> shard_file;
    boost::json::array shards;
    for (const auto& in : loaded) {
      const auto& s = in.stats;
      uint64_t index = count_of(s, "shard.index", in.file), count = count_of(s, "shard.count", in.file);
      // Summing one shard twice would double its documents; unsharded runs (N=1) may be merged freely.
      if (count > 1) {
        auto [it, fresh] = shard_file.emplace(std::make_pair(index, count), in.file);
        if (!fresh)
          throw ConfigError("stats merge: shard " + std::to_string(index) + "/" + std::to_string(count) +
                            " given twice: " + it->second + " and " + in.file);
      }
      read += count_of(s, "documents.read", in.file);
      ok += count_of(s, "documents.ok", in.file);
      dropped += count_of(s, "documents.dropped", in.file);
      failed += count_of(s, "documents.failed", in.file);
      bytes_in += count_of(s, "bytes.in", in.file);
      bytes_out += count_of(s, "bytes.out", in.file);
      double w = number_of(s, "wall_seconds", in.file);
      wall = std::max(wall, w);
      shard_seconds += w;
      const auto* intr = s.if_contains("interrupted");
      bool was_interrupted = intr != nullptr && intr->is_bool() && intr->get_bool();
      interrupted = interrupted || was_interrupted;
      boost::json::value exit_code = nullptr;
      if (const auto* e = s.if_contains("exit_code"); e != nullptr && e->is_int64()) {
        exit_code = e->get_int64();
        if (e->get_int64() != 0) ++failed_shards;
      }
      if (const auto* p = s.if_contains("pipeline"); p != nullptr && p->is_string()) {
        std::string name(p->get_string());
        if (std::find(pipelines.begin(), pipelines.end(), name) == pipelines.end()) pipelines.push_back(name);
      }
      boost::json::object shard{{"index", index},
                                {"count", count},
                                {"exit_code", exit_code},
                                {"wall_seconds", w},
                                {"interrupted", was_interrupted},
                                {"file", in.file}};
      // A resumed shard's stats cover its last attempt; what earlier attempts committed is counted apart.
      if (const auto* r = s.if_contains("resume"); r != nullptr && r->is_object()) {
        uint64_t skipped = count_of(r->get_object(), "skipped_committed", in.file);
        skipped_committed += skipped;
        shard["attempt"] = count_of(r->get_object(), "attempt", in.file);
        shard["skipped_committed"] = skipped;
      }
      shards.push_back(std::move(shard));
      for (const auto& ev : member(s, "elements", in.file).get_array()) {
        if (!ev.is_object()) throw ConfigError("stats merge: " + in.file + ": an element is not an object");
        const auto& e = ev.get_object();
        const auto* name = e.if_contains("name");
        if (name == nullptr || !name->is_string())
          throw ConfigError("stats merge: " + in.file + ": an element without a name");
        std::string key(name->get_string());
        auto [it, fresh] = elements.try_emplace(key);
        if (fresh) {
          element_order.push_back(key);
          if (const auto* p = e.if_contains("plugin"); p != nullptr && p->is_string()) it->second.plugin = p->get_string();
          if (const auto* r = e.if_contains("role"); r != nullptr && r->is_string()) it->second.role = r->get_string();
        }
        it->second.calls += count_of(e, "calls", in.file);
        it->second.seconds += number_of(e, "seconds", in.file);
        it->second.dropped += count_of(e, "dropped", in.file);
        it->second.failed += count_of(e, "failed", in.file);
      }
    }
    std::stable_sort(shards.begin(), shards.end(), [](const boost::json::value& a, const boost::json::value& b) {
      return a.at("index").as_uint64() < b.at("index").as_uint64();
    });

    boost::json::array element_json;
    for (const auto& name : element_order) {
      const auto& e = elements[name];
      element_json.push_back({{"name", name},
                              {"plugin", e.plugin},
                              {"role", e.role},
                              {"calls", e.calls},
                              {"seconds", e.seconds},
                              {"dropped", e.dropped},
                              {"failed", e.failed}});
    }
    auto rate = [](double amount, double seconds) { return seconds > 0 ? amount / seconds : 0.0; };
    boost::json::array pipeline_names;
    for (const auto& p : pipelines) pipeline_names.emplace_back(p);
    boost::json::object o{
        {"pipeline", pipelines.size() == 1 ? boost::json::value(pipelines.front()) : boost::json::value(nullptr)},
        {"pipelines", std::move(pipeline_names)},
        {"shards", std::move(shards)},
        {"documents", {{"read", read}, {"ok", ok}, {"dropped", dropped}, {"failed", failed}}},
        {"bytes", {{"in", bytes_in}, {"out", bytes_out}}},
        {"wall_seconds", wall},
        {"shard_seconds", shard_seconds},
        {"docs_per_second", rate(static_cast<double>(read), wall)},
        {"mb_per_second", rate(static_cast<double>(bytes_in) / 1e6, wall)},
        {"docs_per_shard_second", rate(static_cast<double>(read), shard_seconds)},
        {"mb_per_shard_second", rate(static_cast<double>(bytes_in) / 1e6, shard_seconds)},
        {"skipped_committed", skipped_committed},
        {"interrupted", interrupted},
        {"failed_shards", failed_shards},
        {"elements", std::move(element_json)},
    };
    std::string json = boost::json::serialize(o) + "\n";
    if (out_file.empty()) {
      std::cout << json << std::flush;
    } else {
      std::ofstream out(out_file, std::ios::binary | std::ios::trunc);
      out << json;
      out.close();
      if (!out) throw ConfigError("stats merge: cannot write " + out_file);
    }

    for (const auto& w : warnings) std::fprintf(stderr, "docpipe: warning: %s\n", w.c_str());
    std::fprintf(stderr, "docpipe: merged %zu shard stats%s%s\n", loaded.size(),
                 pipelines.size() == 1 ? (" of pipeline '" + pipelines.front() + "'").c_str() : "",
                 interrupted ? " (some interrupted)" : "");
    std::fprintf(stderr, "  documents: %llu read, %llu ok, %llu dropped, %llu failed\n",
                 static_cast<unsigned long long>(read), static_cast<unsigned long long>(ok),
                 static_cast<unsigned long long>(dropped), static_cast<unsigned long long>(failed));
    if (skipped_committed > 0)
      std::fprintf(stderr, "  resumed: %llu documents committed by earlier attempts are not counted above\n",
                   static_cast<unsigned long long>(skipped_committed));
    std::fprintf(stderr,
                 "  time: %.3f s longest shard, %.3f s all shards; %.1f docs/s, %.2f MB/s over the longest "
                 "(%s in, %s text out)\n",
                 wall, shard_seconds, rate(static_cast<double>(read), wall),
                 rate(static_cast<double>(bytes_in) / 1e6, wall), human_bytes(static_cast<double>(bytes_in)).c_str(),
                 human_bytes(static_cast<double>(bytes_out)).c_str());
    std::string per = "  time per element (all shards):";
    char buf[256];
    for (const auto& name : element_order) {
      std::snprintf(buf, sizeof buf, " %s %.1f ms;", name.c_str(), elements[name].seconds * 1e3);
      per += buf;
    }
    if (per.back() == ';') per.pop_back();
    std::fprintf(stderr, "%s\n", per.c_str());
    if (failed_shards > 0)
      std::fprintf(stderr, "  %llu shard(s) did not exit 0\n", static_cast<unsigned long long>(failed_shards));
    return static_cast<int>(kExitOk);
  });
}

int stats_command(const std::vector<std::string>& args) {
  const char* usage =
      "Usage: docpipe stats merge INPUT... [-o FILE]\n\n"
      "  merge   one summary of many shards' --stats files or state directories\n";
  if (!args.empty() && args.front() == "merge") return stats_merge_command({args.begin() + 1, args.end()});
  if (!args.empty() && (args.front() == "--help" || args.front() == "-h")) {
    std::fputs(usage, stdout);
    return static_cast<int>(kExitOk);
  }
  std::fprintf(stderr, "docpipe: stats: %s\n\n%s",
               args.empty() ? "which subcommand?" : ("unknown subcommand '" + args.front() + "'").c_str(), usage);
  return static_cast<int>(kExitUsage);
}

}  // namespace docpipe::cli
