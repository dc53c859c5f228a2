// Encoding WARC/1.1 records, one gzip member each when asked (the Common
// Crawl layout), for fetch.http's archive and export.warc.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <docpipe_warc/warc_date.hpp>

namespace docpipe::warc {

//! One record to encode.
struct RecordToWrite {
  std::string type;          //!< "warcinfo", "request", "response", "resource", "conversion", "metadata"
  std::string target_uri;    //!< WARC-Target-URI (empty: omitted)
  std::string date;          //!< WARC-Date, ISO 8601 UTC "2026-11-26T06:05:01Z" (empty: now)
  std::string content_type;  //!< Content-Type of the block, e.g. "application/http; msgtype=response"
  std::vector<std::pair<std::string, std::string>> extra_headers;  //!< e.g. WARC-Refers-To
  std::string_view block;    //!< the content block
};

//! A fresh "<urn:uuid:...>" (random, version 4).
std::string new_record_id();

//! Encodes one record (WARC-Record-ID, Content-Length, WARC-Block-Digest sha1
//! base32, WARC-Payload-Digest for responses) as WARC/1.1; as one gzip member
//! when gzip is true. *record_id receives the id used when not null.
std::string encode_record(const RecordToWrite& record, bool gzip, std::string* record_id = nullptr);

}  // namespace docpipe::warc
