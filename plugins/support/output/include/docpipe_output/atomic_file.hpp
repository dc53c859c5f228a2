// A file that appears under its final name complete or not at all.
#pragma once

#include <functional>
#include <string>

#include <docpipe_output/byte_output.hpp>

namespace docpipe::output {

//! How an AtomicFile treats an existing file and durability.
struct AtomicFileOptions {
  bool overwrite = false;  //!< replace an existing final file
  bool fsync = false;      //!< fsync the file and its directory on commit
  std::string temp_dir;    //!< where the temporary file goes; "" beside the final name
  //! When set, commit() fsyncs and closes the file and hands (temp, final) over instead of renaming.
  std::function<void(const std::string&, const std::string&)> defer_rename;
};

//! Writes to ".NAME.tmp-PID-N" beside the final name (or in temp_dir) and
//! renames on commit() (or hands the rename to defer_rename);
//! destroyed uncommitted (an aborted run), it removes the temporary file.
//! The temporary file is flock()ed while open, so a process killed before it
//! could remove it leaves a file the next writer of NAME recognises as dead
//! and removes (remove_stale_temp_files()).
class AtomicFile final : public ByteOutput {
 public:
  //! Creates missing parent directories and the temporary file; throws
  //! std::runtime_error when the final file exists and overwrite is off.
  AtomicFile(std::string final_path, AtomicFileOptions options);
  ~AtomicFile() override;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const char* data, size_t size) override;
  //! Closes, fsyncs when asked, and renames to the final name.
  void commit() override;

  //! The name written to until commit().
  const std::string& temp_path() const noexcept { return temp_path_; }
  //! The name the file gets on commit().
  const std::string& final_path() const noexcept { return final_path_; }

 private:
  void close_and_remove() noexcept;

  std::string final_path_;
  std::string temp_path_;
  AtomicFileOptions options_;
  int fd_ = -1;
  bool committed_ = false;
};

//! Removes ".NAME.tmp-*" files in dir left by writers of final_name that are
//! gone (their lock is free); a live writer's file stays. Returns how many it removed.
size_t remove_stale_temp_files(const std::string& dir, const std::string& final_name) noexcept;

//! Standard output as a ByteOutput ("-" as a path): nothing to rename.
class StdoutOutput final : public ByteOutput {
 public:
  //! fd is the run's standard output (OutputOptions::stdout_fd); throws when it is negative.
  explicit StdoutOutput(int fd = 1);
  void write(const char* data, size_t size) override;
  void commit() override {}

 private:
  int fd_;
};

}  // namespace docpipe::output
