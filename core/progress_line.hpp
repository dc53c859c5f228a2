// The run's progress line: a tqdm-like bar when the source knows how much input
// there is, counts and rates when it does not, and any stage past its deadline.
// Rendering is separate from the executor so that it can be tested from plain data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace docpipe {

//! A stage that has held one document longer than its deadline.
struct OverdueStage {
  std::string instance;         //!< instance name, e.g. "clean.html#1"
  std::string document;         //!< the document's id
  double held_seconds = 0;      //!< how long the stage has held it so far
  double deadline_seconds = 0;  //!< the deadline it is past
};

//! What the progress line shows, read from the run at one moment.
struct ProgressSnapshot {
  double elapsed_seconds = 0;
  uint64_t read = 0;
  uint64_t ok = 0;
  uint64_t dropped = 0;
  uint64_t failed = 0;
  uint64_t partial = 0;
  uint64_t bytes_in = 0;      //!< bytes the source produced (the run's input MB/s)
  uint64_t source_done = 0;   //!< the source's last progress report
  uint64_t source_total = 0;  //!< 0: the source does not know the total
  int source_unit = 0;        //!< a dp_progress_unit; 0: the source never reported
  std::vector<OverdueStage> overdue;
};

//! Turns snapshots into text for stderr.
class ProgressLine {
 public:
  enum class Mode {
    terminal,  //!< redraw one line in place ("\r", padded or cut to the width)
    log        //!< one complete line per call, for files and pipes
  };

  //! width 0: ask the terminal on every render (TIOCGWINSZ on fd, then $COLUMNS, then 100).
  explicit ProgressLine(Mode mode, size_t width = 0, int fd = 2);
  //! Terminal mode when fd is a terminal, log mode otherwise.
  static ProgressLine for_fd(int fd);

  Mode mode() const { return mode_; }

  //! The text to write as is: "\r<line padded to width-1>" or "<line>\n".
  std::string render(const ProgressSnapshot& s);
  //! What ends the progress output before other text follows: "\n" after a
  //! redrawn line, "" in log mode or when nothing was drawn.
  std::string finish();

 private:
  Mode mode_;
  size_t width_;
  int fd_;
  bool drawn_ = false;
};

//! The width of the terminal on fd: TIOCGWINSZ, else $COLUMNS, else 100.
size_t terminal_width(int fd);
//! "MM:SS" under an hour, "H:MM:SS" above, "?" when not finite or negative.
std::string format_duration(double seconds);
//! An amount in a progress unit: bytes as "512 B", "12.3 KB", "1.20 GB" (powers of 1000);
//! items as a plain count.
std::string format_amount(uint64_t n, int unit);

}  // namespace docpipe
