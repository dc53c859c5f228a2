#include <docpipe_files/input_sizer.hpp>

#include <sys/stat.h>

#include <memory>

namespace docpipe::files {

uint64_t regular_file_size(const std::string& path) noexcept {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<uint64_t>(st.st_size);
}

InputSizer::InputSizer(Next next)
    : thread_([this, next = std::move(next)](std::stop_token stop) {
        uint64_t sum = 0;
        std::string path;
        try {
          while (!stop.stop_requested()) {
            switch (next(path)) {
              case Step::file:
                sum += regular_file_size(path);
                break;
              case Step::unknowable:
                return;
              case Step::end:
                total_.store(sum, std::memory_order_relaxed);
                return;
            }
          }
        } catch (const std::exception&) {
          // The source's own walk meets the same problem and reports it; the
          // progress bar just has no total.
        }
      }) {}

InputSizer::InputSizer(std::vector<std::string> roots, WalkOptions options)
    : InputSizer([walker = std::make_shared<FileWalker>(std::move(roots), std::move(options)),
                  item = WalkItem{}](std::string& path) mutable {
        if (!walker->next(item)) return Step::end;
        path = item.path;
        return Step::file;
      }) {}

InputSizer::~InputSizer() = default;

uint64_t InputSizer::wait() {
  if (thread_.joinable()) thread_.join();
  return total();
}

}  // namespace docpipe::files
