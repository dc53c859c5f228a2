// The total size of a source's inputs, for the progress bar: a second pass over
// the same inputs on a thread of its own, so the first document is not delayed
// by a walk over a large tree.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <docpipe_files/file_walker.hpp>

namespace docpipe::files {

//! Bytes of the regular file at path (symlinks followed); 0 for anything else
//! or when it cannot be read. Sources count consumed inputs with it too, so
//! that their done and the sizer's total agree.
uint64_t regular_file_size(const std::string& path) noexcept;

//! Sums the sizes of a sequence of inputs in the background.
class InputSizer {
 public:
  //! What the sizing pass met next.
  enum class Step {
    file,        //!< path names an input to size
    unknowable,  //!< an input whose size cannot be known (standard input): no total
    end          //!< no more inputs
  };
  //! Called on the sizer's thread only.
  using Next = std::function<Step(std::string& path)>;

  explicit InputSizer(Next next);
  //! Sizes what FileWalker(roots, options) yields: the same shard, walk problems included.
  InputSizer(std::vector<std::string> roots, WalkOptions options);
  //! Stops the pass and waits for it.
  ~InputSizer();
  InputSizer(const InputSizer&) = delete;
  InputSizer& operator=(const InputSizer&) = delete;

  //! The total once every input is sized; 0 while counting, or when there is none.
  uint64_t total() const noexcept { return total_.load(std::memory_order_relaxed); }
  //! Waits for the pass to end and returns the total (0 when unknowable).
  uint64_t wait();

 private:
  std::atomic<uint64_t> total_{0};
  std::jthread thread_;  // last: stopped and joined before the members it uses go
};

}  // namespace docpipe::files
