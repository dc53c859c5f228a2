// filter.length: drops documents whose text is too short or too long.
// This file is the part a new plugin replaces: the class the host talks to.
#include <docpipe/plugin.hpp>

#include <cstdint>
#include <stdexcept>
#include <utility>

#include "length_limits.hpp"
#include "text_measure.hpp"

namespace filter_length {

class FilterLength final : public docpipe::Transform {
 public:
  static constexpr const char* id = "filter.length";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Drops documents whose text is shorter or longer than given limits (in code points)";

  // The host parses and checks these before the constructor runs: a value of
  // the wrong type, below a bound or an unknown key never reaches the plugin.
  static constexpr dp_param_spec params[] = {
      docpipe::Param("min_chars", DP_PARAM_INT, "Drop texts with fewer Unicode code points")
          .def("0")
          .range("0", nullptr),
      docpipe::Param("max_chars", DP_PARAM_INT,
                     "Drop texts with more Unicode code points; unset means no limit")
          .range("0", nullptr),
      docpipe::Param("min_words", DP_PARAM_INT,
                     "Drop texts with fewer whitespace-separated words (not meaningful for CJK)")
          .def("0")
          .range("0", nullptr),
  };
  static constexpr const char* needs[] = {"text", nullptr};

  // No DP_FLAG_THREAD_SAFE: the host then gives each worker its own instance,
  // which stays correct if this class ever gains mutable state.

  explicit FilterLength(docpipe::Context& ctx) : limits_(read_limits(ctx.params())) {
    if (auto why = contradiction(limits_)) throw std::invalid_argument(*why);
    ctx.log().debug("keeping texts of {}..{} characters and at least {} words", limits_.min_chars,
                    limits_.max_chars ? docpipe::format("{}", *limits_.max_chars) : "any",
                    limits_.min_words);
  }

  docpipe::Result process(docpipe::Document& doc) {
    if (auto why = rejection_reason(measure_text(doc.text()), limits_)) {
      return docpipe::Result::dropped(std::move(*why));
    }
    return docpipe::Result::ok();
  }

 private:
  static uint64_t non_negative(int64_t value) { return value > 0 ? static_cast<uint64_t>(value) : 0; }

  static LengthLimits read_limits(const docpipe::Params& p) {
    LengthLimits limits;
    limits.min_chars = non_negative(p.integer("min_chars"));
    if (p.is_set("max_chars")) limits.max_chars = non_negative(p.integer("max_chars"));
    limits.min_words = non_negative(p.integer("min_words"));
    return limits;
  }

  LengthLimits limits_;
};

}  // namespace filter_length

DOCPIPE_PLUGIN(filter_length::FilterLength)
