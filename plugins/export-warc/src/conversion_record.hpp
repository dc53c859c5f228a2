// The WARC records export.warc writes: a warcinfo record heading each file and
// one WET-style conversion record per document.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace docpipe::export_warc {

//! What a conversion record is made of, taken from a document.
struct ConversionInput {
  std::string_view text;        //!< the clean text (the block)
  std::string_view url;         //!< WARC-Target-URI
  std::string_view refers_to;   //!< WARC-Refers-To: the source record's id, when known
  std::string_view warc_date;   //!< the source record's WARC-Date, when known
  int64_t fetch_time_ms = 0;    //!< used for WARC-Date when warc_date is empty; 0: now
  std::string_view language;    //!< WARC-Identified-Content-Language, when known
};

//! Encodes one conversion record (Content-Type text/plain; charset=utf-8).
std::string encode_conversion(const ConversionInput& input, bool gzip);

//! Encodes the warcinfo record that starts every output file.
std::string encode_warcinfo(std::string_view pipeline, bool gzip);

//! True when a path template names a gzip file (".gz" at the end).
bool wants_gzip(std::string_view path_template);

}  // namespace docpipe::export_warc
