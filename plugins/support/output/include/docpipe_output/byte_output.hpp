// Where a sink's (possibly compressed) bytes finally go.
#pragma once

#include <cstddef>

namespace docpipe::output {

//! A destination for bytes that becomes final only on commit().
class ByteOutput {
 public:
  virtual ~ByteOutput() = default;
  //! Writes every byte or throws std::runtime_error naming the file.
  virtual void write(const char* data, size_t size) = 0;
  //! Makes what was written final; throws std::runtime_error on failure.
  virtual void commit() = 0;
};

}  // namespace docpipe::output
