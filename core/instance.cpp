#include "instance.hpp"

#include <cstddef>
#include <cstring>

#include "errors.hpp"
#include "host_api.hpp"

namespace docpipe {
namespace {

// Plugins are meant to be noexcept, but one built without the C++ layer may
// still throw; the run survives it as a failed document.
// A plugin may return any integer as a status (C has no enum checks): read it
// as an integer and treat what is not a status as a failed document.
dp_status checked_status(dp_status returned, std::string& message) {
  int value = 0;
  std::memcpy(&value, &returned, sizeof value);
  if (value >= DP_OK && value <= DP_PARTIAL) return static_cast<dp_status>(value);
  message = "plugin returned unknown status " + std::to_string(value) +
            (message.empty() ? "" : ": " + message);
  return DP_DOCUMENT_ERROR;
}

template <class F>
CallResult call(F&& f) {
  dp_message msg;
  CallResult r;
  try {
    dp_status returned = f(&msg);
    r.status = checked_status(returned, msg.text);
  } catch (const std::exception& e) {
    r.status = DP_DOCUMENT_ERROR;
    msg.text = std::string("exception escaped the plugin: ") + e.what();
  } catch (...) {
    r.status = DP_DOCUMENT_ERROR;
    msg.text = "exception escaped the plugin";
  }
  r.message = std::move(msg.text);
  return r;
}

}  // namespace

PluginInstance::PluginInstance(const ResolvedElement& element, const InstancePlace& place)
    : library_(element.plugin->library),
      descriptor_(element.plugin->descriptor),
      name_(element.name),
      pipeline_name_(place.pipeline_name),
      config_(element.config),
      logger_{make_logger(element.name)} {
  dp_instance_info info{};
  info.struct_size = sizeof info;
  info.name = name_.c_str();
  info.pipeline_name = pipeline_name_.c_str();
  info.config = config_.get();
  info.logger = &logger_;
  info.shard_index = place.shard_index;
  info.shard_count = place.shard_count;
  info.worker_index = place.worker_index;
  info.role = element.role;
  temp_dir_ = place.temp_dir;
  info.resume = place.resume;
  info.temp_dir = place.resume != nullptr ? temp_dir_.c_str() : nullptr;
  info.attempt = place.attempt;
  info.run = place.run;
  CallResult r =
      call([&](dp_message* m) { return descriptor_->create(host_api(), &info, &state_, m); });
  if (r.status != DP_OK) {
    if (state_ != nullptr) descriptor_->destroy(state_);
    state_ = nullptr;
    throw ComponentError(name_ + ": cannot start: " +
                         (r.message.empty() ? std::string("create() failed") : r.message));
  }
}

PluginInstance::~PluginInstance() {
  if (state_ != nullptr) descriptor_->destroy(state_);
}

CallResult PluginInstance::next(dp_document& doc) {
  return call([&](dp_message* m) { return descriptor_->next(state_, &doc, m); });
}

CallResult PluginInstance::process(dp_document& doc) {
  return call([&](dp_message* m) { return descriptor_->process(state_, &doc, m); });
}

CallResult PluginInstance::write(const dp_document& doc) {
  return call([&](dp_message* m) { return descriptor_->write(state_, &doc, m); });
}

CallResult PluginInstance::finish() {
  if (descriptor_->finish == nullptr) return {};
  return call([&](dp_message* m) { return descriptor_->finish(state_, m); });
}

bool PluginInstance::can_checkpoint() const noexcept {
  // A descriptor from an ABI 1.0 library ends before the checkpoint member.
  return descriptor_->struct_size >=
             offsetof(dp_plugin, checkpoint) + sizeof(dp_plugin::checkpoint) &&
         descriptor_->checkpoint != nullptr;
}

CallResult PluginInstance::checkpoint() {
  if (!can_checkpoint()) return {DP_COMPONENT_ERROR, name_ + " cannot checkpoint"};
  return call([&](dp_message* m) { return descriptor_->checkpoint(state_, m); });
}

}  // namespace docpipe
