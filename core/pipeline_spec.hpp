// A pipeline as written (XML or one line), before plugins are looked up.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "params.hpp"

namespace docpipe {

//! Where something was written: "file:line:column".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  //! "file:line:column" (or just the file when line is 0).
  std::string str() const;
};

//! The role an element was declared with.
enum class ElementRole { source, stage, sink, errors, by_kind };

//! One <source>, <stage>, <sink> or <errors> element, or one step of the one-line form.
struct ElementSpec {
  ElementRole role = ElementRole::by_kind;
  std::string use;  //!< plugin id
  std::string id;   //!< instance id attribute (may be empty)
  std::vector<RawParam> params;
  SourceLocation where;
  // Stages only: isolation="process|none" and timeout="30s" attributes.
  std::optional<bool> isolated;  //!< unset: the pipeline's (or the command line's) choice
  int64_t timeout_ms = 0;        //!< 0: no deadline of its own
};

//! A whole pipeline as written.
struct PipelineSpec {
  std::string name = "pipeline";
  bool ordered = false;
  std::optional<unsigned> threads;
  std::optional<int64_t> queue_docs;
  std::optional<int64_t> queue_bytes;
  std::optional<bool> isolated;  //!< isolation="process|none" on <pipeline>
  std::vector<std::string> plugin_paths;
  std::vector<ElementSpec> elements;  //!< in the order written
  std::string file;                   //!< the XML file, or "<command line>"
};

//! Expands ${VAR} and ${VAR:-default} from the environment ($${ is a literal ${).
//! An unset variable without a default, or an unclosed ${, throws ConfigError at where.
std::string expand_env(std::string_view text, const SourceLocation& where);

//! Reads a pipeline XML file. Every error names file:line:column and what was expected.
PipelineSpec parse_pipeline_file(const std::string& path);
//! Reads a pipeline from XML text (file is used in messages).
PipelineSpec parse_pipeline_xml(std::string_view xml, const std::string& file);

//! Reads the one-line form: "fetch.files path=in/ ! clean.html ! export.jsonl path=out.jsonl".
PipelineSpec parse_pipeline_inline(std::string_view line);

//! True when the argument names a pipeline file rather than a one-line pipeline.
bool looks_like_pipeline_file(const std::string& arg);

}  // namespace docpipe
