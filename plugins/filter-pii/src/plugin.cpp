// filter.pii: the plugin shell. Replaces personal data with placeholders, moves blocks and segments
// to the new offsets, and counts what it replaced in pii.* metadata.
#include <docpipe/plugin.hpp>

#include <string>
#include <vector>

#include "pii_scanner.hpp"

namespace docpipe::filter_pii {
namespace {

class FilterPii final : public Transform {
 public:
  static constexpr const char* id = "filter.pii";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Redacts e-mail, IPv4/IPv6, phone numbers (incl. China mobile) and Chinese ID numbers; pii.* "
      "counts";
  static constexpr dp_param_spec params[] = {
      Param("kinds", DP_PARAM_LIST, "What to redact: email, ip, phone, cn_id")
          .def("email,ip,phone,cn_id"),
      Param("email_placeholder", DP_PARAM_STRING, "Replaces an e-mail address").def("<EMAIL>"),
      Param("ip_placeholder", DP_PARAM_STRING, "Replaces an IPv4 or IPv6 address").def("<IP>"),
      Param("phone_placeholder", DP_PARAM_STRING, "Replaces a phone number").def("<PHONE>"),
      Param("cn_id_placeholder", DP_PARAM_STRING, "Replaces a Chinese ID-card number").def("<ID>"),
  };
  static constexpr const char* needs[] = {"text", nullptr};
  static constexpr const char* provides[] = {"metadata:pii", nullptr};
  static constexpr uint32_t flags = DP_FLAG_THREAD_SAFE;  // no state between documents

  explicit FilterPii(Context& ctx) {
    kinds_.fill(false);
    for (const std::string& k : ctx.params().list("kinds")) {
      size_t i = 0;
      while (i < pii_kind_count && k != pii_kind_names[i]) ++i;
      if (i == pii_kind_count)
        throw std::invalid_argument("unknown kind '" + k + "' (email, ip, phone, cn_id)");
      kinds_[i] = true;
    }
    for (size_t i = 0; i < pii_kind_count; ++i) {
      placeholders_[i] = std::string(
          ctx.params().string((std::string(pii_kind_names[i]) + "_placeholder").c_str()));
    }
  }

  Result process(Document& doc) {
    std::string_view text = doc.text();
    std::vector<PiiMatch> matches = find_pii(text, kinds_);
    std::array<size_t, pii_kind_count> counts{};
    for (const PiiMatch& m : matches) ++counts[static_cast<size_t>(m.kind)];
    for (size_t i = 0; i < pii_kind_count; ++i) {
      if (kinds_[i])
        doc.set_meta_json(std::string("pii.") + pii_kind_names[i], std::to_string(counts[i]));
    }
    if (matches.empty()) return Result::ok();

    std::vector<Block> blocks;
    for (size_t i = 0, n = doc.block_count(); i < n; ++i) blocks.push_back(doc.block(i));
    struct OwnedSegment {
      std::string kind;
      uint64_t begin, end;
    };
    std::vector<OwnedSegment> segments;
    for (size_t i = 0, n = doc.segment_count(); i < n; ++i) {
      Segment s = doc.segment(i);
      segments.push_back({std::string(s.kind), s.begin, s.end});
    }
    doc.set_text(redact(text, matches, placeholders_));
    doc.clear_blocks();
    for (const Block& b : blocks) {
      doc.add_block(b.kind, map_offset(b.begin, matches, placeholders_),
                    map_offset(b.end, matches, placeholders_), b.level);
    }
    doc.clear_segments();
    for (const OwnedSegment& s : segments) {
      uint64_t b = map_offset(s.begin, matches, placeholders_);
      uint64_t e = map_offset(s.end, matches, placeholders_);
      if (b < e) doc.add_segment(s.kind, b, e);
    }
    return Result::ok();
  }

 private:
  PiiKinds kinds_{};
  std::array<std::string, pii_kind_count> placeholders_;
};

}  // namespace
}  // namespace docpipe::filter_pii

DOCPIPE_PLUGIN(docpipe::filter_pii::FilterPii)
