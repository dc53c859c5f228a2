// The byte layout a document takes in shared memory between the host and a
// worker process. Both sides run the same build, so integers are native; the
// reader still checks every length against the buffer, because a worker that
// misbehaves must not be able to make the host read out of bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "../document.hpp"

namespace docpipe::isolation {

//! Bytes encode_document() needs for this document.
size_t encoded_size(const dp_document& doc) noexcept;

//! Writes the document into out[0, encoded_size(doc)).
void encode_document(const dp_document& doc, char* out) noexcept;

//! Replaces doc's contents with the document encoded in [data, data + size).
//! False (doc unspecified) when the bytes are not a whole, well-formed document.
//! With raw_in_place, doc's raw bytes are a view into data (raw_view), which
//! must then stay valid and unchanged while doc uses them.
bool decode_document(const char* data, size_t size, dp_document& doc, bool raw_in_place = false);

}  // namespace docpipe::isolation
