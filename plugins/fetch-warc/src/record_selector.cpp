#include "record_selector.hpp"

#include <algorithm>
#include <stdexcept>

namespace docpipe::fetch_warc {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

}  // namespace

RecordSelector::RecordSelector(SelectOptions options) : options_(std::move(options)) {}

bool RecordSelector::type_wanted(std::string_view type) const {
  if (options_.record_types.empty()) return true;
  std::string t = lower(type);
  return std::find(options_.record_types.begin(), options_.record_types.end(), t) !=
         options_.record_types.end();
}

bool RecordSelector::status_wanted(int status) const {
  return options_.statuses.empty() ||
         std::find(options_.statuses.begin(), options_.statuses.end(), status) != options_.statuses.end();
}

bool RecordSelector::content_type_wanted(std::string_view media_type) const {
  if (options_.content_types.empty()) return true;
  return std::any_of(options_.content_types.begin(), options_.content_types.end(),
                     [&](const std::string& prefix) { return media_type.starts_with(prefix); });
}

const Selection& RecordSelector::select(const warc::Record& record) {
  Selection& s = selection_;
  s.verdict = Verdict::skipped;
  s.reason.clear();
  s.http = false;
  s.body = {};
  s.media_type.clear();
  if (!type_wanted(record.type)) {
    s.reason = "type";
    return s;
  }
  std::string_view warc_type = record.headers.find("Content-Type").value_or("");
  // Responses hold HTTP unless their block says otherwise (Heritrix's dns: records).
  s.http = lower(record.type) == "response" &&
           (warc_type.empty() || lower(warc_type).starts_with("application/http"));
  if (!s.http) {
    s.media_type = warc::media_type(warc_type);
    if (!content_type_wanted(s.media_type)) {
      s.reason = "content_type";
      return s;
    }
    s.body = record.block;
    s.verdict = Verdict::document;
    return s;
  }
  std::string error;
  if (!warc::parse_http_response(record.block, s.response, error)) {
    s.verdict = Verdict::failed;
    s.reason = error;
    return s;
  }
  if (!status_wanted(s.response.status)) {
    s.reason = "status";
    return s;
  }
  s.media_type = warc::media_type(s.response.headers.find("Content-Type").value_or(""));
  if (!content_type_wanted(s.media_type)) {
    s.reason = "content_type";
    return s;
  }
  std::string_view body = std::string_view(record.block).substr(s.response.body_offset);
  if (!warc::decode_http_body(s.response, body, options_.body, scratch_, s.body, error)) {
    s.verdict = Verdict::failed;
    s.reason = error;
    return s;
  }
  s.verdict = Verdict::document;
  return s;
}

std::vector<int> parse_statuses(const std::vector<std::string>& items) {
  std::vector<int> out;
  for (const std::string& item : items) {
    if (item == "*") return {};
    int v = 0;
    bool ok = !item.empty() && item.size() <= 3;
    for (char c : item) {
      ok = ok && c >= '0' && c <= '9';
      if (ok) v = v * 10 + (c - '0');
    }
    if (!ok || v < 100) {
      throw std::invalid_argument("status: \"" + item + "\" is not an HTTP status (100-999) or *");
    }
    out.push_back(v);
  }
  return out;
}

std::vector<std::string> normalise_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    if (item == "*") return {};
    if (!item.empty()) out.push_back(lower(item));
  }
  return out;
}

std::string SkipCounts::summary() const {
  std::string out;
  for (const auto& [key, n] : counts_) {
    if (!out.empty()) out += ", ";
    out += key + ": " + std::to_string(n);
  }
  return out;
}

uint64_t SkipCounts::total() const {
  uint64_t n = 0;
  for (const auto& [key, count] : counts_) n += count;
  return n;
}

}  // namespace docpipe::fetch_warc
