#include "store_path.hpp"

#include <docpipe_output/path_template.hpp>

#include <stdexcept>

namespace docpipe::sqlite {

std::string store_path(std::string_view path_template, uint32_t shard, uint32_t shard_count,
                       std::string_view pipeline) {
  for (std::string_view name : {"part", "id"}) {
    if (output::template_has(path_template, name)) {
      throw std::invalid_argument("export.sqlite path " + std::string(path_template) + " uses {" +
                                  std::string(name) +
                                  "}: a store is one database per shard, never rolled or split "
                                  "per document; use {shard} at most");
    }
  }
  output::TemplateVars vars;
  vars.shard = shard;
  vars.shard_count = shard_count == 0 ? 1 : shard_count;
  vars.date = output::run_start_date();
  vars.pipeline = std::string(pipeline);
  return output::expand_template(path_template, vars);
}

}  // namespace docpipe::sqlite
