#include "jsonl_record.hpp"

namespace docpipe::jsonl {

// Mirrors dp_status of docpipe/plugin.h without depending on the SDK.
std::string_view result_name(int status) {
  switch (status) {
    case 0:
      return "ok";
    case 1:
      return "dropped";
    case 2:
      return "document_error";
    case 3:
      return "component_error";
    case 4:
      return "timeout";
    case 5:
      return "crash";
    case 6:
      return "end";
    default:
      return "unknown";
  }
}

}  // namespace docpipe::jsonl
