// The XML form of a pipeline, read with pugixml. Positions come from pugixml's
// byte offsets, turned into line:column (columns count characters, not bytes).
#include <pugixml.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "errors.hpp"
#include "pipeline_spec.hpp"

namespace docpipe {
namespace {

// Byte offsets to line:column. A column is found from the nearest checkpoint
// rather than the line start, so many elements on one long line cost linear
// time overall instead of quadratic.
class Positions {
 public:
  Positions(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
    line_starts_.push_back(0);
    checkpoint_columns_.reserve(text.size() / kCheckpointStride + 1);
    int column = 1;
    for (size_t i = 0; i < text.size(); ++i) {
      if (i % kCheckpointStride == 0) checkpoint_columns_.push_back(column);
      if (text[i] == '\n') {
        line_starts_.push_back(i + 1);
        column = 1;
      } else if (!is_continuation(text[i])) {
        ++column;
      }
    }
  }
  // pugixml's node offsets point at the name; users look for the '<'.
  SourceLocation element(const pugi::xml_node& node) const {
    ptrdiff_t off = node.offset_debug();
    if (node.type() == pugi::node_element && off > 0) --off;
    return at(off);
  }
  SourceLocation at(ptrdiff_t offset) const {
    size_t off = offset < 0 ? 0 : std::min(static_cast<size_t>(offset), text_.size());
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), off);
    size_t line = static_cast<size_t>(it - line_starts_.begin());
    size_t from = line_starts_[line - 1];
    int column = 1;
    size_t checkpoint = off / kCheckpointStride * kCheckpointStride;
    if (checkpoint > from && checkpoint < text_.size()) {
      from = checkpoint;
      column = checkpoint_columns_[checkpoint / kCheckpointStride];
    }
    for (size_t i = from; i < off; ++i)
      if (!is_continuation(text_[i])) ++column;
    return {file_, static_cast<int>(line), column};
  }
  // pugixml keeps no offsets for attributes: find the name inside the element's start tag.
  SourceLocation attribute(const pugi::xml_node& node, const char* name) const {
    ptrdiff_t start = node.offset_debug();
    if (start < 0) return at(0);
    size_t begin = std::min(static_cast<size_t>(start), text_.size());
    size_t close = text_.find('>', begin);
    std::string_view tag =
        text_.substr(begin, close == std::string_view::npos ? close : close - begin);
    size_t pos = tag.find(name);
    if (pos == std::string_view::npos) return at(start);
    return at(static_cast<ptrdiff_t>(begin + pos));
  }
  const std::string& file() const { return file_; }

 private:
  static constexpr size_t kCheckpointStride = 64;
  static bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

  std::string_view text_;
  std::string file_;
  std::vector<size_t> line_starts_;
  std::vector<int> checkpoint_columns_;  // column of the byte at each multiple of the stride
};

[[noreturn]] void fail(const SourceLocation& where, const std::string& what) {
  throw ConfigError(where.str() + ": " + what);
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

void check_attributes(const pugi::xml_node& node, std::initializer_list<const char*> allowed,
                      const Positions& pos) {
  for (auto a : node.attributes()) {
    bool ok = std::any_of(allowed.begin(), allowed.end(),
                          [&](const char* n) { return std::string_view(n) == a.name(); });
    if (!ok) {
      std::string list;
      for (const char* n : allowed) list += (list.empty() ? "" : ", ") + std::string(n);
      fail(pos.attribute(node, a.name()), "unknown attribute '" + std::string(a.name()) + "' on <" +
                                              node.name() + ">; expected " +
                                              (list.empty() ? "none" : list));
    }
  }
}

std::string attr(const pugi::xml_node& node, const char* name, const Positions& pos) {
  return expand_env(node.attribute(name).value(), pos.attribute(node, name));
}

int64_t int_attr(const pugi::xml_node& node, const char* name, const Positions& pos, bool size) {
  std::string value = attr(node, name, pos);
  auto parsed = size ? parse_size(value) : parse_int(value);
  if (!parsed || *parsed < 0)
    fail(pos.attribute(node, name), std::string("attribute ") + name + " expects " +
                                        (size ? "a size such as 64MiB" : "a non-negative integer") +
                                        ", got '" + value + "'");
  return *parsed;
}

// isolation="process" runs in worker processes; "none" in the host.
bool isolation_attr(const pugi::xml_node& node, const Positions& pos) {
  std::string v = attr(node, "isolation", pos);
  if (v == "process") return true;
  if (v == "none") return false;
  fail(pos.attribute(node, "isolation"),
       "attribute isolation expects process or none, got '" + v + "'");
}

ElementSpec read_element(const pugi::xml_node& node, ElementRole role, const Positions& pos) {
  if (role == ElementRole::stage)
    check_attributes(node, {"use", "id", "isolation", "timeout"}, pos);
  else
    check_attributes(node, {"use", "id"}, pos);
  ElementSpec e;
  e.role = role;
  e.where = pos.element(node);
  if (!node.attribute("use"))
    fail(e.where, std::string("<") + node.name() + "> needs a use=\"plugin.id\" attribute");
  e.use = attr(node, "use", pos);
  e.id = attr(node, "id", pos);
  if (node.attribute("isolation")) e.isolated = isolation_attr(node, pos);
  if (node.attribute("timeout")) {
    std::string v = attr(node, "timeout", pos);
    auto ms = parse_duration_ms(v);
    if (!ms || *ms <= 0)
      fail(pos.attribute(node, "timeout"),
           "attribute timeout expects a duration such as 30s, got '" + v + "'");
    e.timeout_ms = *ms;
  }
  for (auto child : node.children()) {
    if (child.type() == pugi::node_comment) continue;
    SourceLocation where = pos.element(child);
    if (child.type() != pugi::node_element) {
      if (!trim(child.value()).empty())
        fail(where, std::string("unexpected text inside <") + node.name() +
                        ">; parameters go in <param name=\"...\">value</param>");
      continue;
    }
    if (std::string_view(child.name()) != "param")
      fail(where, std::string("unexpected <") + child.name() + "> inside <" + node.name() +
                      ">; expected <param name=\"...\">value</param>");
    check_attributes(child, {"name"}, pos);
    if (!child.attribute("name")) fail(where, "<param> needs a name=\"...\" attribute");
    for (auto grandchild : child.children()) {
      if (grandchild.type() == pugi::node_element)
        fail(pos.element(grandchild),
             "unexpected <" + std::string(grandchild.name()) + "> inside <param>; expected text");
    }
    RawParam p;
    p.name = child.attribute("name").value();
    p.where = where.str();
    p.value = trim(expand_env(child.text().get(), where));
    e.params.push_back(std::move(p));
  }
  return e;
}

}  // namespace

PipelineSpec parse_pipeline_xml(std::string_view xml, const std::string& file) {
  Positions pos(xml, file);
  pugi::xml_document doc;
  pugi::xml_parse_result result =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result) fail(pos.at(result.offset), std::string("malformed XML: ") + result.description());
  pugi::xml_node root = doc.document_element();
  if (!root) fail(pos.at(0), "empty file; expected a <pipeline> element");
  if (std::string_view(root.name()) != "pipeline")
    fail(pos.element(root),
         "the root element is <" + std::string(root.name()) + ">; expected <pipeline>");
  check_attributes(root, {"name", "ordered", "threads", "queue_docs", "queue_bytes", "isolation"},
                   pos);

  PipelineSpec spec;
  spec.file = file;
  if (root.attribute("name")) spec.name = attr(root, "name", pos);
  if (root.attribute("ordered")) {
    auto b = parse_bool(attr(root, "ordered", pos));
    if (!b) fail(pos.attribute(root, "ordered"), "attribute ordered expects true or false");
    spec.ordered = *b;
  }
  if (root.attribute("threads")) {
    int64_t n = int_attr(root, "threads", pos, false);
    if (n < 1 || n > 1024) fail(pos.attribute(root, "threads"), "threads must be 1..1024");
    spec.threads = static_cast<unsigned>(n);
  }
  if (root.attribute("queue_docs")) spec.queue_docs = int_attr(root, "queue_docs", pos, false);
  if (root.attribute("queue_bytes")) spec.queue_bytes = int_attr(root, "queue_bytes", pos, true);
  if (root.attribute("isolation")) spec.isolated = isolation_attr(root, pos);

  for (auto child : root.children()) {
    SourceLocation where = pos.element(child);
    if (child.type() == pugi::node_comment) continue;
    if (child.type() != pugi::node_element) {
      if (!trim(child.value()).empty()) fail(where, "unexpected text inside <pipeline>");
      continue;
    }
    std::string_view name = child.name();
    if (name == "plugins") {
      check_attributes(child, {"path"}, pos);
      if (!child.attribute("path"))
        fail(where, "<plugins> needs a path=\"dir[:dir...]\" attribute");
      spec.plugin_paths.push_back(attr(child, "path", pos));
    } else if (name == "source") {
      spec.elements.push_back(read_element(child, ElementRole::source, pos));
    } else if (name == "stage") {
      spec.elements.push_back(read_element(child, ElementRole::stage, pos));
    } else if (name == "sink") {
      spec.elements.push_back(read_element(child, ElementRole::sink, pos));
    } else if (name == "errors") {
      spec.elements.push_back(read_element(child, ElementRole::errors, pos));
    } else {
      fail(where, "unexpected <" + std::string(name) +
                      ">; expected <plugins>, <source>, <stage>, <sink> or <errors>");
    }
  }
  return spec;
}

PipelineSpec parse_pipeline_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot read pipeline file: " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::error_code ec;
  auto dir = std::filesystem::absolute(std::filesystem::path(path), ec).parent_path();
  // ${PIPELINE_DIR} lets a pipeline name files beside itself.
  setenv("PIPELINE_DIR", dir.c_str(), 1);
  return parse_pipeline_xml(buffer.str(), path);
}

bool looks_like_pipeline_file(const std::string& arg) {
  // An existing file is a file; '!' means the one-line form even when it ends
  // in ".xml" (export.xml path=out.xml); a missing *.xml is reported as a file.
  std::error_code ec;
  if (std::filesystem::is_regular_file(arg, ec)) return true;
  if (arg.find('!') != std::string::npos) return false;
  return arg.size() >= 4 && arg.compare(arg.size() - 4, 4, ".xml") == 0;
}

}  // namespace docpipe
