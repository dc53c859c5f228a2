// WARC digests: "sha1:" + base32 of the SHA-1, and checking them on read.
#pragma once

#include <string>
#include <string_view>

namespace docpipe::warc {

struct Record;

//! RFC 4648 base32 (upper case, padded).
std::string base32(std::string_view bytes);

//! "sha1:" followed by the base32 SHA-1 of the data.
std::string sha1_digest(std::string_view data);

//! Checks WARC-Block-Digest and, for HTTP responses, WARC-Payload-Digest when
//! they are sha1; false with a reason on a mismatch. Absent digests pass.
bool verify_digests(const Record& record, std::string& error);

}  // namespace docpipe::warc
