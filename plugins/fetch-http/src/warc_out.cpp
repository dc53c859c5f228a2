#include "warc_out.hpp"

#include <unistd.h>
#include <docpipe_warc/writer.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace docpipe::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

int64_t epoch_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string archived_response(const Response& r) {
  // libcurl hands out the decoded body only, so the archived headers must describe that body:
  // the codings are kept under X-Crawler-* names (as other crawlers do) for the record.
  std::string out;
  out.reserve(r.raw_headers.size() + r.body.size() + 64);
  size_t pos = 0;
  bool first = true;
  const std::string& raw = r.raw_headers;
  while (pos < raw.size()) {
    size_t nl = raw.find('\n', pos);
    size_t end = nl == std::string::npos ? raw.size() : nl + 1;
    std::string_view line(raw.data() + pos, end - pos);
    pos = end;
    std::string_view content = line;
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r'))
      content.remove_suffix(1);
    if (first) {
      out.append(content);
      out += "\r\n";
      first = false;
      continue;
    }
    if (content.empty()) break;  // the blank line: headers end here
    size_t colon = content.find(':');
    std::string_view name =
        colon == std::string_view::npos ? std::string_view() : content.substr(0, colon);
    if (iequals(name, "content-encoding") || iequals(name, "transfer-encoding") ||
        iequals(name, "content-length")) {
      out += "X-Crawler-";
      out.append(content);
      out += "\r\n";
      continue;
    }
    out.append(content);
    out += "\r\n";
  }
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n\r\n";
  out += r.body;
  return out;
}

GzipMembers::GzipMembers(int level) {
  // windowBits 16 + 15: a gzip header and trailer around each member.
  if (deflateInit2(&zs_, level, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib cannot start deflating");
}

GzipMembers::~GzipMembers() { deflateEnd(&zs_); }

const std::string& GzipMembers::compress(std::string_view data) {
  deflateReset(&zs_);
  uLong bound = deflateBound(&zs_, static_cast<uLong>(data.size()));
  out_.resize(bound);
  zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs_.avail_in = static_cast<uInt>(data.size());
  zs_.next_out = reinterpret_cast<Bytef*>(out_.data());
  zs_.avail_out = static_cast<uInt>(bound);
  if (deflate(&zs_, Z_FINISH) != Z_STREAM_END)
    throw std::runtime_error("zlib could not finish a gzip member");
  out_.resize(bound - zs_.avail_out);
  return out_;
}

WarcOut::WarcOut(std::string path, bool overwrite, std::string software, int gzip_level)
    : path_(std::move(path)) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!overwrite && fs::exists(path_, ec))
    throw std::runtime_error("warc_out " + path_ +
                             " exists (set warc_overwrite=true to replace it)");
  fs::path p(path_);
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  if (p.extension() == ".gz") gzip_ = std::make_unique<GzipMembers>(gzip_level);
  tmp_ = (p.parent_path() / ("." + p.filename().string() + ".tmp-" + std::to_string(::getpid())))
             .string();
  file_ = std::fopen(tmp_.c_str(), "wb");
  if (file_ == nullptr)
    throw std::runtime_error("cannot create " + tmp_ + ": " + std::strerror(errno));
  std::string info = "software: " + software + "\r\nformat: WARC File Format 1.1\r\n";
  warc::RecordToWrite w;
  w.type = "warcinfo";
  w.content_type = "application/warc-fields";
  w.extra_headers.emplace_back("WARC-Filename", p.filename().string());
  w.block = info;
  put_record(warc::encode_record(w, false));
}

WarcOut::~WarcOut() {
  if (file_ != nullptr) std::fclose(file_);
  if (!committed_) std::remove(tmp_.c_str());
}

void WarcOut::put_record(const std::string& record) {
  if (gzip_)
    put(gzip_->compress(record));
  else
    put(record);
}

void WarcOut::put(const std::string& bytes) {
  if (file_ == nullptr || !error_.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
    error_ = "cannot write " + tmp_ + ": " + std::strerror(errno);
  else
    ++records_;
}

void WarcOut::write(const Response& r) {
  std::string date = warc::format_warc_date(epoch_ms(r.finished_at));
  std::string block = archived_response(r);
  warc::RecordToWrite resp;
  resp.type = "response";
  resp.target_uri = r.final_url;
  resp.date = date;
  resp.content_type = "application/http; msgtype=response";
  if (!r.remote_ip.empty()) resp.extra_headers.emplace_back("WARC-IP-Address", r.remote_ip);
  resp.block = block;
  std::string response_id;
  put_record(warc::encode_record(resp, false, &response_id));
  if (r.request_headers.empty()) return;
  warc::RecordToWrite req;
  req.type = "request";
  req.target_uri = r.final_url;
  req.date = date;
  req.content_type = "application/http; msgtype=request";
  req.extra_headers.emplace_back("WARC-Concurrent-To", response_id);
  req.block = r.request_headers;
  put_record(warc::encode_record(req, false));
}

bool WarcOut::commit() {
  if (committed_) return true;
  if (file_ == nullptr) return false;
  if (error_.empty() && std::fflush(file_) != 0)
    error_ = "cannot write " + tmp_ + ": " + std::strerror(errno);
  if (std::fclose(file_) != 0 && error_.empty())
    error_ = "cannot close " + tmp_ + ": " + std::strerror(errno);
  file_ = nullptr;
  if (!error_.empty()) return false;
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    error_ = "cannot rename " + tmp_ + " to " + path_ + ": " + std::strerror(errno);
    return false;
  }
  committed_ = true;
  return true;
}

}  // namespace docpipe::http
