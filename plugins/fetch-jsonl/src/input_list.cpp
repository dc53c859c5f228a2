#include "input_list.hpp"

#include <utility>

namespace docpipe::fetch_jsonl {

InputList::InputList(std::vector<std::string> paths, std::vector<std::string> include,
                     uint32_t shard_index, uint32_t shard_count)
    : paths_(std::move(paths)),
      include_(std::move(include)),
      shard_index_(shard_index),
      shard_count_(shard_count == 0 ? 1 : shard_count) {}

bool InputList::next_any(Input& input) {
  while (true) {
    if (walker_) {
      files::WalkItem item;
      if (walker_->next(item)) {
        input = Input{item.id, item.path, item.absolute, item.error, false};
        return true;
      }
      walker_.reset();
    }
    if (next_path_ == paths_.size()) return false;
    const std::string& path = paths_[next_path_++];
    if (path == "-") {
      input = Input{"stdin", {}, "stdin", {}, true};
      return true;
    }
    // One walk per entry, unsharded: the shard is chosen here over all inputs.
    files::WalkOptions options;
    options.include = include_;
    walker_ = std::make_unique<files::FileWalker>(std::vector<std::string>{path}, options);
  }
}

bool InputList::next(Input& input) {
  while (next_any(input)) {
    if (position_++ % shard_count_ == shard_index_) return true;
  }
  return false;
}

}  // namespace docpipe::fetch_jsonl
