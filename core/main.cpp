// docpipe: the command-line host.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <docpipe/plugin.h>

#include "cli/commands.hpp"
#include "errors.hpp"

#ifndef DOCPIPE_VERSION
#define DOCPIPE_VERSION "0.0.0"
#endif

namespace {

const char* kUsage = R"(docpipe turns web pages into clean, segmented, exported text.

Usage: docpipe COMMAND [options]

Commands:
  run PIPELINE        run a pipeline (XML file or 'a ! b ! c' one-line form)
  validate PIPELINE   check a pipeline without running it
  plugins             list the plugins found, and the libraries refused
  describe ID         show a plugin's parameters, needs and provides
  status STATE_DIR    the shards of a sharded run (--state): done, running, failed, stale, pending
  stats merge INPUT.. one summary of many shards' --stats files or state directories
  slurm PIPELINE      run a pipeline as a Slurm job array, one shard per task (--tasks N)

  docpipe COMMAND --help   options of a command
  docpipe --version        version and plugin ABI
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return docpipe::kExitUsage;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "--version" || command == "-V" || command == "version") {
    std::printf("docpipe %s (plugin ABI %d.%d, SDK %s)\n", DOCPIPE_VERSION, DOCPIPE_ABI_MAJOR,
                DOCPIPE_ABI_MINOR, DOCPIPE_SDK_VERSION);
    return docpipe::kExitOk;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    if (command == "help" && !args.empty()) {
      command = args.front();
      args = {"--help"};
    } else {
      std::fputs(kUsage, stdout);
      return docpipe::kExitOk;
    }
  }
  if (command == "run") return docpipe::cli::run_command(args);
  if (command == "validate") return docpipe::cli::validate_command(args);
  if (command == "plugins") return docpipe::cli::plugins_command(args);
  if (command == "describe") return docpipe::cli::describe_command(args);
  if (command == "status") return docpipe::cli::status_command(args);
  if (command == "stats") return docpipe::cli::stats_command(args);
  if (command == "slurm") return docpipe::cli::slurm_command(args);
  std::fprintf(stderr, "docpipe: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return docpipe::kExitUsage;
}
