#include "slurm_script.hpp"

#include <cctype>
#include <string>

namespace docpipe::cli {
namespace {

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) return out;
    start = p + 1;
  }
}

// sbatch reads #SBATCH lines itself, not through a shell: a value with spaces
// or quotes goes in double quotes, and '%' is Slurm's filename pattern escape.
std::string directive_value(const std::string& v) {
  bool plain = true;
  for (char c : v)
    if (std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '#') plain = false;
  return plain ? v : "\"" + v + "\"";
}

std::string escape_percent(const std::string& v) {
  std::string out;
  for (char c : v) out += c == '%' ? std::string("%%") : std::string(1, c);
  return out;
}

}  // namespace

std::string shell_quote(const std::string& word) {
  bool safe = !word.empty();
  for (char c : word) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '/' ||
          c == ':' || c == '=' || c == '@' || c == ',' || c == '+'))
      safe = false;
  }
  if (safe) return word;
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

bool valid_slurm_time(const std::string& t) {
  if (t == "UNLIMITED" || t == "INFINITE" || t == "unlimited" || t == "infinite") return true;
  std::string rest = t;
  size_t dash = t.find('-');
  bool has_days = dash != std::string::npos;
  if (has_days) {
    if (!all_digits(t.substr(0, dash))) return false;
    rest = t.substr(dash + 1);
  }
  auto parts = split(rest, ':');
  if (parts.size() > 3) return false;
  for (const auto& p : parts)
    if (!all_digits(p)) return false;
  // Without days: M, M:S, H:M:S. With days: D-H, D-H:M, D-H:M:S.
  if (!has_days && parts.size() == 1) return true;
  // The fields after the first are hours (after days, < 24), minutes and seconds (< 60).
  for (size_t i = has_days ? 0 : 1; i < parts.size(); ++i) {
    if (parts[i].size() > 2) return false;
    int limit = has_days && i == 0 ? 24 : 60;
    if (std::stoi(parts[i]) >= limit) return false;
  }
  return true;
}

bool valid_slurm_mem(const std::string& m) {
  if (m.empty()) return false;
  std::string digits = m;
  char last = static_cast<char>(std::toupper(static_cast<unsigned char>(m.back())));
  if (last == 'K' || last == 'M' || last == 'G' || last == 'T') digits = m.substr(0, m.size() - 1);
  return all_digits(digits) && digits.find_first_not_of('0') != std::string::npos;
}

bool valid_array_indices(const std::string& list, uint32_t count, std::string& error) {
  if (list.empty()) {
    error = "empty";
    return false;
  }
  for (const auto& item : split(list, ',')) {
    auto range = split(item, '-');
    if (range.size() > 2 || !all_digits(range.front()) || !all_digits(range.back()) || range.front().size() > 9 ||
        range.back().size() > 9) {
      error = "'" + item + "' is not an index or a range I-J";
      return false;
    }
    unsigned long lo = std::stoul(range.front()), hi = std::stoul(range.back());
    if (lo > hi) {
      error = "'" + item + "' runs backwards";
      return false;
    }
    if (hi >= count) {
      error = "index " + std::to_string(hi) + " is not below --tasks " + std::to_string(count);
      return false;
    }
  }
  return true;
}

bool valid_slurm_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '+')) return false;
  return true;
}

std::string slurm_script(const SlurmJob& job) {
  std::string s = "#!/bin/bash\n";
  s += "#SBATCH --job-name=" + job.job_name + "\n";
  s += "#SBATCH --array=" + job.array + (job.max_running > 0 ? "%" + std::to_string(job.max_running) : "") + "\n";
  s += "#SBATCH --output=" + directive_value(escape_percent(job.logs_dir) + "/%x-%A_%a.out") + "\n";
  s += "#SBATCH --chdir=" + directive_value(job.workdir) + "\n";
  if (!job.partition.empty()) s += "#SBATCH --partition=" + job.partition + "\n";
  if (!job.time.empty()) s += "#SBATCH --time=" + job.time + "\n";
  if (job.cpus_per_task > 0) s += "#SBATCH --cpus-per-task=" + std::to_string(job.cpus_per_task) + "\n";
  if (!job.mem.empty()) s += "#SBATCH --mem=" + job.mem + "\n";
  s += "#\n# " + job.generated_by + "\n";
  s += "# One array task is one shard of " + std::to_string(job.tasks) +
       ": --shard auto reads SLURM_ARRAY_TASK_ID. The count is fixed\n"
       "# here (DOCPIPE_SHARD_COUNT) rather than taken from SLURM_ARRAY_TASK_COUNT, so that\n"
       "# resubmitting some tasks (sbatch --array=2,5 this-file) runs the same shards.\n"
       "# A rerun of a shard resumes from its state directory.\n"
       "# Progress: docpipe status " + shell_quote(job.state_dir) + "\n"
       "set -euo pipefail\n";
  s += "export DOCPIPE_SHARD_COUNT=" + std::to_string(job.tasks) + "\n";
  s += "exec " + shell_quote(job.docpipe) + " run " + shell_quote(job.pipeline) +
       " \\\n  --shard auto --state " +
       shell_quote(job.state_dir) + " \\\n  --threads \"${SLURM_CPUS_PER_TASK:-1}\" --progress off";
  for (const auto& p : job.plugin_paths) s += " \\\n  --plugin-path " + shell_quote(p);
  for (const auto& v : job.sets) s += " \\\n  --set " + shell_quote(v);
  for (const auto& a : job.run_args) s += " \\\n  " + shell_quote(a);
  s += "\n";
  return s;
}

}  // namespace docpipe::cli
