#include <docpipe_files/file_walker.hpp>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <memory>
#include <utility>

#include <docpipe_files/messages.hpp>

namespace docpipe::files {
namespace {

std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + '/' + name;
}

std::string_view base_name(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string directory_error_text(int err) {
  if (err == EACCES) return "permission denied reading directory";
  return "cannot read directory: " + errno_text(err);
}

std::string current_directory() {
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  return ec ? std::string() : cwd.string();
}

// Reads the rest of an open directory; 0 or errno.
int read_names(DIR* dir, std::vector<std::string>& names, std::vector<unsigned char>& types) {
  while (true) {
    errno = 0;
    const dirent* entry = readdir(dir);
    if (entry == nullptr) return errno;
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    names.emplace_back(name);
    types.push_back(entry->d_type);
  }
}

struct DirCloser {
  void operator()(DIR* dir) const noexcept { closedir(dir); }
};

}  // namespace

FileWalker::FileWalker(std::vector<std::string> roots, WalkOptions options)
    : roots_(std::move(roots)),
      options_(std::move(options)),
      filter_(options_.include, options_.exclude),
      cwd_(current_directory()) {
  if (options_.shard_count == 0) options_.shard_count = 1;
}

bool FileWalker::next(WalkItem& item) {
  while (true) {
    if (ready_) {
      ready_ = false;
      item = std::move(pending_);
      return true;
    }
    if (!stack_.empty()) {
      Frame& frame = stack_.back();
      if (frame.next == frame.entries.size()) {
        stack_.pop_back();
        continue;
      }
      const Entry& entry = frame.entries[frame.next++];
      visit_entry(frame, entry);
      continue;
    }
    if (next_glob_match_ < glob_matches_.size()) {
      start_glob_match(glob_matches_[next_glob_match_++]);
      continue;
    }
    if (next_root_ < roots_.size()) {
      start_root(roots_[next_root_++]);
      continue;
    }
    return false;
  }
}

std::string FileWalker::absolute_of(const std::string& path) const {
  std::filesystem::path p(path);
  if (!p.is_absolute()) p = std::filesystem::path(cwd_) / p;
  std::string text = p.lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

void FileWalker::start_root(const std::string& root) {
  glob_matches_.clear();
  next_glob_match_ = 0;
  if (root.empty()) {
    offer(root, root, root, "empty path");
    return;
  }
  struct stat st {};
  // A root the user named is followed even when it is a symlink (like find -H).
  if (stat(root.c_str(), &st) != 0) {
    int err = errno;
    if (has_wildcard(root)) {
      glob_prefix_ = glob_directory_prefix(root);
      glob_matches_ = expand_glob(root);
      if (glob_matches_.empty()) offer(root, root, absolute_of(root), "no file matches glob");
      return;
    }
    offer(root, root, absolute_of(root), errno_text(err));
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    enter_directory(root, absolute_of(root), std::string(), root);
  } else if (S_ISREG(st.st_mode)) {
    offer(std::string(base_name(root)), root, absolute_of(root), std::string());
  } else {
    offer(root, root, absolute_of(root), non_regular_text(st.st_mode));
  }
}

void FileWalker::start_glob_match(const GlobMatch& match) {
  std::string id = match.path.starts_with(glob_prefix_) && match.path.size() > glob_prefix_.size()
                       ? match.path.substr(glob_prefix_.size())
                       : match.path;
  if (match.error != 0) {
    offer(id, match.path, absolute_of(match.path), directory_error_text(match.error));
    return;
  }
  struct stat st {};
  if (stat(match.path.c_str(), &st) != 0) {
    offer(id, match.path, absolute_of(match.path), errno_text(errno));
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    enter_directory(match.path, absolute_of(match.path), id, id);
    return;
  }
  if (!filter_.accepts(std::string(base_name(match.path)).c_str())) return;
  offer(std::move(id), match.path, absolute_of(match.path),
        S_ISREG(st.st_mode) ? std::string() : non_regular_text(st.st_mode));
}

void FileWalker::visit_entry(const Frame& frame, const Entry& entry) {
  std::string path = join(frame.path, entry.name);
  unsigned type = entry.type;
  if (type == DT_UNKNOWN) {
    struct stat st {};
    if (lstat(path.c_str(), &st) != 0) {
      offer(frame.id_prefix + entry.name, path, join(frame.absolute, entry.name),
            errno_text(errno));
      return;
    }
    type = IFTODT(st.st_mode);
  }
  if (type == DT_LNK) {
    if (!options_.follow_symlinks) {
      ++skipped_symlinks_;
      return;
    }
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) {
      int err = errno;
      offer(frame.id_prefix + entry.name, path, join(frame.absolute, entry.name),
            err == ENOENT ? "dangling symlink: no such file or directory" : errno_text(err));
      return;
    }
    type = IFTODT(st.st_mode);
  }
  if (type == DT_DIR) {
    if (!options_.recursive) return;
    std::string id = frame.id_prefix + entry.name;
    // Last use of frame and entry: pushing a frame may move them.
    enter_directory(std::move(path), join(frame.absolute, entry.name), id, id);
    return;
  }
  if (!filter_.accepts(entry.name.c_str())) return;
  offer(frame.id_prefix + entry.name, std::move(path), join(frame.absolute, entry.name),
        type == DT_REG ? std::string() : non_regular_text(DTTOIF(type)));
}

void FileWalker::enter_directory(std::string path, std::string absolute, std::string id,
                                 std::string error_id) {
  std::unique_ptr<DIR, DirCloser> dir(opendir(path.c_str()));
  if (!dir) {
    offer(std::move(error_id), std::move(path), std::move(absolute), directory_error_text(errno));
    return;
  }
  Frame frame;
  struct stat st {};
  if (fstat(dirfd(dir.get()), &st) == 0) {
    frame.device = st.st_dev;
    frame.inode = st.st_ino;
    // Only followed symlinks can lead back into a directory being walked.
    if (options_.follow_symlinks && on_stack(st.st_dev, st.st_ino)) {
      offer(std::move(error_id), std::move(path), std::move(absolute),
            "symlink loop: points to a directory already being walked");
      return;
    }
  }
  std::vector<std::string> names;
  std::vector<unsigned char> types;
  if (int err = read_names(dir.get(), names, types); err != 0) {
    offer(std::move(error_id), std::move(path), std::move(absolute), directory_error_text(err));
    return;
  }
  dir.reset();
  std::vector<size_t> order(names.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return names[a] < names[b]; });
  frame.entries.reserve(names.size());
  for (size_t i : order) frame.entries.push_back({std::move(names[i]), types[i]});
  frame.path = std::move(path);
  frame.absolute = std::move(absolute);
  frame.id_prefix = id.empty() ? std::string() : id + '/';
  stack_.push_back(std::move(frame));
}

bool FileWalker::on_stack(dev_t device, ino_t inode) const {
  return std::any_of(stack_.begin(), stack_.end(), [&](const Frame& frame) {
    return frame.device == device && frame.inode == inode;
  });
}

void FileWalker::offer(std::string id, std::string path, std::string absolute, std::string error) {
  uint64_t sequence = sequence_++;
  if (sequence % options_.shard_count != options_.shard_index) return;
  pending_.id = std::move(id);
  pending_.path = std::move(path);
  pending_.absolute = std::move(absolute);
  pending_.error = std::move(error);
  pending_.sequence = sequence;
  ready_ = true;
}

}  // namespace docpipe::files
