// Wording shared by every failed-document message of fetch.files.
#pragma once

#include <cstdint>
#include <string>

namespace docpipe::files {

//! A byte count for people: "512 bytes", "80 MiB", "1.5 GiB".
std::string format_size(uint64_t bytes);

//! strerror() text starting in lower case: "no such file or directory".
std::string errno_text(int err);

//! Why a file of this st_mode is not read: "not a regular file (fifo)".
std::string non_regular_text(unsigned mode);

}  // namespace docpipe::files
