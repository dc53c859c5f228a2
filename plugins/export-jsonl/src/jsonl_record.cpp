#include "jsonl_record.hpp"

#include <stdexcept>

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
    case 7:
      return "oom";
    case 8:
      return "interrupted";
    case 9:
      return "partial";
    default:
      return "unknown";
  }
}

std::string_view Layout::segment_kind() const {
  switch (unit) {
    case Unit::chunk:
      return "chunk";
    case Unit::sentence:
      return "sentence";
    case Unit::document:
      break;
  }
  return {};
}

Layout parse_layout(std::string_view unit, const std::vector<std::string>& fields) {
  Layout layout;
  if (unit == "document") {
    layout.unit = Unit::document;
  } else if (unit == "chunk") {
    layout.unit = Unit::chunk;
  } else if (unit == "sentence") {
    layout.unit = Unit::sentence;
  } else {
    throw std::invalid_argument("unit must be document, chunk or sentence, not " + std::string(unit));
  }
  bool segment_unit = layout.unit != Unit::document;
  for (const std::string& name : fields) {
    if (name.empty()) continue;
    Field f{Field::id, {}};
    if (name == "id") {
      f.kind = Field::id;
    } else if (name == "text") {
      f.kind = Field::text;
    } else if (name == "metadata") {
      f.kind = Field::metadata;
    } else if (name.rfind("metadata.", 0) == 0 && name.size() > 9) {
      f.kind = Field::metadata_key;
      f.key = name.substr(9);
    } else if (name == "segments") {
      f.kind = Field::segments;
    } else if (segment_unit && name == "parent_id") {
      f.kind = Field::parent_id;
    } else if (segment_unit && name == "begin") {
      f.kind = Field::begin;
    } else if (segment_unit && name == "end") {
      f.kind = Field::end;
    } else if (segment_unit && name == "heading") {
      f.kind = Field::heading;
    } else {
      throw std::invalid_argument(
          "unknown field '" + name + "' for unit=" + std::string(unit) +
          "; known: id, text, metadata, metadata.KEY, segments" +
          (segment_unit ? ", parent_id, begin, end, heading" : ""));
    }
    layout.fields.push_back(std::move(f));
  }
  layout.selected = !layout.fields.empty();
  return layout;
}

}  // namespace docpipe::jsonl
