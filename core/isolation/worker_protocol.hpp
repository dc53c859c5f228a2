// The messages between the host and a docpipe-worker process. They travel on
// a SOCK_SEQPACKET socket pair (message boundaries kept, EOF when the peer
// dies); documents themselves travel in the shared region.
//
//   host                                   worker
//   setup (region: setup JSON)     ->
//                                  <-      ready | failed (region: message)
//   process [begin, end) (region: document) ->
//                                  <-      done (region: stage nanos, then document)
//   quit                           ->      finishes its instances
//                                  <-      finished (region: error message or nothing)
#pragma once

#include <cstdint>

namespace docpipe::isolation {

enum class MessageType : uint32_t {
  setup = 1,     //!< host: the stages to create
  ready = 2,     //!< worker: instances created
  failed = 3,    //!< worker: setup failed; the region holds the message
  process = 4,   //!< host: run stages [begin, end) on the document in the region
  done = 5,      //!< worker: the document is back in the region
  quit = 6,      //!< host: finish the instances and exit
  finished = 7,  //!< worker: finish() ran; the region holds an error message, if any
};

//! One message; fixed size, native layout (both sides are one build).
struct Message {
  MessageType type = MessageType::setup;
  uint32_t stage_begin = 0;  //!< process: first stage (index into the worker's stages)
  uint32_t stage_end = 0;    //!< process: one past the last stage
  int32_t stopped_at = -1;   //!< done: stage that dropped or failed the document, or -1
  uint64_t length = 0;       //!< bytes of payload in the region
  uint64_t region_size = 0;  //!< the region's total size when the sender wrote this
};

//! File descriptors a worker finds open at start.
inline constexpr int kControlFd = 3;
inline constexpr int kRegionFd = 4;

}  // namespace docpipe::isolation
