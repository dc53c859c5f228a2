// Finds personal data in text with hand-written scanners (one linear pass each; no backtracking
// regular expressions): e-mail addresses, IPv4 and IPv6 addresses, phone numbers (international,
// North American, mainland-China mobile) and Chinese ID-card-shaped numbers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::filter_pii {

enum class PiiKind : uint8_t { email, ip, phone, cn_id, count };
constexpr size_t pii_kind_count = static_cast<size_t>(PiiKind::count);
inline constexpr std::array<const char*, pii_kind_count> pii_kind_names = {"email", "ip", "phone",
                                                                           "cn_id"};

struct PiiMatch {
  size_t begin;
  size_t end;
  PiiKind kind;
};

//! Which kinds to look for.
using PiiKinds = std::array<bool, pii_kind_count>;

//! Non-overlapping matches in text order; where two kinds overlap the earlier, then longer, wins.
std::vector<PiiMatch> find_pii(std::string_view text, const PiiKinds& kinds);

//! The text with each match replaced by its kind's placeholder.
std::string redact(std::string_view text, const std::vector<PiiMatch>& matches,
                   const std::array<std::string, pii_kind_count>& placeholders);

//! Where an offset of the original text lands in the redacted text (an offset inside a match maps
//! to the start of its placeholder, its end to the placeholder's end).
uint64_t map_offset(uint64_t offset, const std::vector<PiiMatch>& matches,
                    const std::array<std::string, pii_kind_count>& placeholders);

}  // namespace docpipe::filter_pii
