// Compression between a sink's records and its output file.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include <docpipe_output/byte_output.hpp>
#include <docpipe_output/compression.hpp>

namespace docpipe::output {

//! Turns a stream of bytes into a (compressed) stream on a ByteOutput it owns.
class Encoder {
 public:
  virtual ~Encoder() = default;
  //! Takes more uncompressed bytes; best given in large pieces.
  virtual void write(std::string_view data) = 0;
  //! Ends the compressed stream and commits the output.
  virtual void finish() = 0;
};

//! An encoder for the format; level nullopt means the format's default.
std::unique_ptr<Encoder> make_encoder(Compression compression, std::optional<int> level,
                                      std::unique_ptr<ByteOutput> output);

}  // namespace docpipe::output
