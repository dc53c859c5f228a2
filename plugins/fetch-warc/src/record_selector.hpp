// Which WARC records become documents, and their HTTP parts when they do.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <docpipe_warc/http.hpp>
#include <docpipe_warc/reader.hpp>

namespace docpipe::fetch_warc {

//! The filters of fetch.warc; an empty list lets everything through.
struct SelectOptions {
  std::vector<std::string> record_types{"response", "resource"};  //!< WARC-Type values
  std::vector<int> statuses{200};                                 //!< HTTP statuses (responses only)
  std::vector<std::string> content_types{"text/html", "application/xhtml+xml"};  //!< media-type prefixes
  warc::BodyOptions body;                                         //!< decoding of HTTP bodies
};

//! What became of one record.
enum class Verdict { document, failed, skipped };

//! A record's fate and, for documents, its parts (views into the record or the selector).
struct Selection {
  Verdict verdict = Verdict::skipped;
  std::string reason;        //!< skipped: "type", "status" or "content_type"; failed: the message
  bool http = false;         //!< the block was an HTTP response
  warc::HttpResponse response;
  std::string_view body;     //!< the payload (decoded HTTP body, or the whole block)
  std::string media_type;    //!< lower-case media type without parameters
};

//! Applies the filters in order: record type, HTTP status, content type.
class RecordSelector {
 public:
  explicit RecordSelector(SelectOptions options);
  //! Decides about one good record; the selection's views live until the next call.
  const Selection& select(const warc::Record& record);

 private:
  bool type_wanted(std::string_view type) const;
  bool status_wanted(int status) const;
  bool content_type_wanted(std::string_view media_type) const;

  SelectOptions options_;
  Selection selection_;
  std::string scratch_;
};

//! Parses the `status` parameter: integers 100..999, or "*" for any; throws std::invalid_argument.
std::vector<int> parse_statuses(const std::vector<std::string>& items);

//! Turns "*" into an empty (match-all) list and lower-cases the rest.
std::vector<std::string> normalise_list(const std::vector<std::string>& items);

//! Counts of records that were not documents, by reason and detail.
class SkipCounts {
 public:
  //! Counts one skipped record.
  void add(const std::string& reason, const std::string& detail) { ++counts_[reason + " " + detail]; }
  //! "type request: 3, status 404: 1" (empty when nothing was skipped).
  std::string summary() const;
  //! Total skipped.
  uint64_t total() const;

 private:
  std::map<std::string, uint64_t> counts_;
};

}  // namespace docpipe::fetch_warc
