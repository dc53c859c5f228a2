#include "worker_setup.hpp"

#include <boost/json.hpp>
#include <stdexcept>

namespace docpipe::isolation {
namespace json = boost::json;

namespace {

json::object encode_config(const dp_config& config) {
  json::object o;
  for (const auto& [name, v] : config.values) {
    json::array items;
    for (const auto& i : v.items) items.emplace_back(i);
    o[name] = {{"type", static_cast<int>(v.type)},
               {"text", v.text},
               {"integer", v.integer},
               {"real", v.real},
               {"items", items},
               {"set", v.explicitly_set}};
  }
  return o;
}

dp_config decode_config(const json::object& o) {
  dp_config c;
  for (const auto& [name, value] : o) {
    const auto& v = value.as_object();
    ParamValue p;
    p.type = static_cast<dp_param_type>(v.at("type").to_number<int>());
    p.text = json::value_to<std::string>(v.at("text"));
    p.integer = v.at("integer").to_number<int64_t>();
    p.real = v.at("real").to_number<double>();
    for (const auto& i : v.at("items").as_array())
      p.items.push_back(json::value_to<std::string>(i));
    p.explicitly_set = v.at("set").as_bool();
    c.values.emplace(std::string(name), std::move(p));
  }
  return c;
}

}  // namespace

std::string encode_setup(const WorkerSetup& s) {
  json::array stages;
  for (const auto& st : s.stages)
    stages.push_back({{"library", st.library},
                      {"plugin", st.plugin},
                      {"name", st.name},
                      {"params", encode_config(*st.config)}});
  json::object o{{"pipeline", s.pipeline_name},  {"shard_index", s.shard_index},
                 {"shard_count", s.shard_count}, {"worker_index", s.worker_index},
                 {"log_level", s.log_level},     {"log_json", s.log_json},
                 {"memory_cap", s.memory_cap},   {"stages", std::move(stages)}};
  return json::serialize(o);
}

WorkerSetup decode_setup(std::string_view text) {
  try {
    json::object o = json::parse(text).as_object();
    WorkerSetup s;
    s.pipeline_name = json::value_to<std::string>(o.at("pipeline"));
    s.shard_index = o.at("shard_index").to_number<uint32_t>();
    s.shard_count = o.at("shard_count").to_number<uint32_t>();
    s.worker_index = o.at("worker_index").to_number<uint32_t>();
    s.log_level = o.at("log_level").to_number<int>();
    s.log_json = o.at("log_json").as_bool();
    s.memory_cap = o.at("memory_cap").to_number<uint64_t>();
    for (const auto& v : o.at("stages").as_array()) {
      const auto& st = v.as_object();
      StageSetup stage;
      stage.library = json::value_to<std::string>(st.at("library"));
      stage.plugin = json::value_to<std::string>(st.at("plugin"));
      stage.name = json::value_to<std::string>(st.at("name"));
      stage.config = std::make_shared<dp_config>(decode_config(st.at("params").as_object()));
      s.stages.push_back(std::move(stage));
    }
    return s;
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("malformed worker setup: ") + e.what());
  }
}

}  // namespace docpipe::isolation
