#include "url_input.hpp"

#include <boost/json.hpp>

#include <cstring>
#include <stdexcept>

#include "url_utils.hpp"

namespace docpipe::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Decides the format the way a user would expect: by name first, then by content.
bool looks_like_jsonl(const std::string& path, std::ifstream& in) {
  if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson")) return true;
  std::streampos start = in.tellg();
  bool json = false;
  char c = 0;
  // A BOM or leading blank space says nothing about the format.
  while (in.get(c)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || u == 0xEF || u == 0xBB || u == 0xBF)
      continue;
    json = c == '{';
    break;
  }
  in.clear();
  in.seekg(start);
  return json;
}

}  // namespace

std::string shard_key(const std::string& url, ShardBy by) {
  if (by == ShardBy::host) {
    if (auto parts = parse_url(url)) return parts->host;
  }
  return url;
}

UrlInput::UrlInput(std::vector<std::string> files, ShardBy by, uint32_t shard_index,
                   uint32_t shard_count)
    : files_(std::move(files)), by_(by), shard_index_(shard_index), shard_count_(shard_count) {
  // A missing list is a configuration mistake: say so before any fetching starts.
  for (const auto& f : files_) {
    std::ifstream probe(f, std::ios::binary);
    if (!probe) throw std::runtime_error("cannot open URL list " + f + ": " + std::strerror(errno));
  }
}

bool UrlInput::open_next_file() {
  while (file_index_ < files_.size()) {
    const std::string& path = files_[file_index_++];
    in_ = std::ifstream(path, std::ios::binary);
    if (!in_)
      throw std::runtime_error("cannot open URL list " + path + ": " + std::strerror(errno));
    jsonl_ = looks_like_jsonl(path, in_);
    line_no_ = 0;
    in_open_ = true;
    return true;
  }
  return false;
}

bool UrlInput::next(InputItem& out) {
  std::string line;
  for (;;) {
    if (!in_open_ && !open_next_file()) return false;
    if (!std::getline(in_, line)) {
      in_open_ = false;
      continue;
    }
    ++line_no_;
    ++lines_read_;
    std::string_view text = trim(line);
    if (line_no_ == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text = trim(text.substr(3));
    if (text.empty() || text.front() == '#') continue;
    out = InputItem{};
    out.where = files_[file_index_ - 1] + ":" + std::to_string(line_no_);
    if (!parse_line(text, out)) continue;
    // Bad lines are sharded by their text so that exactly one shard reports each.
    std::string key = out.error.empty() ? shard_key(out.url, by_) : std::string(text);
    if (!in_shard(key, shard_index_, shard_count_)) continue;
    return true;
  }
}

bool UrlInput::parse_line(std::string_view text, InputItem& out) {
  if (!jsonl_) {
    out.url = std::string(text);
    return true;
  }
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) {
    out.error = "invalid JSON in URL list (" + out.where + "): " + ec.message();
    out.id = out.where;
    return true;
  }
  if (!v.is_object()) {
    out.error = "URL list line is not a JSON object (" + out.where + ")";
    out.id = out.where;
    return true;
  }
  const auto& obj = v.as_object();
  const auto* url = obj.if_contains("url");
  if (url == nullptr || !url->is_string()) {
    out.error = "URL list line has no string \"url\" (" + out.where + ")";
    out.id = out.where;
    if (const auto* id = obj.if_contains("id"); id != nullptr && id->is_string())
      out.id = std::string(id->as_string());
    return true;
  }
  out.url = std::string(trim(std::string_view(url->as_string())));
  auto add = [&](std::string key, const boost::json::value& value) {
    if (value.is_string()) {
      out.meta.push_back({std::move(key), std::string(value.as_string()), false});
    } else {
      out.meta.push_back({std::move(key), boost::json::serialize(value), true});
    }
  };
  for (const auto& [key, value] : obj) {
    if (key == "url") continue;
    if (key == "id") {
      out.id = value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value);
      continue;
    }
    // A nested "metadata" object is flattened, the shape fetch.jsonl and export.jsonl use.
    if (key == "metadata" && value.is_object()) {
      for (const auto& [k, v2] : value.as_object()) add(std::string(k), v2);
      continue;
    }
    add(std::string(key), value);
  }
  return true;
}

}  // namespace docpipe::http
