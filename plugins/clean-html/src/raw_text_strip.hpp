// Empties the bodies of <script> and <style> elements before parsing. They
// are about half the bytes of a typical page (54% of extraction-dev), nobody
// reads them (JSON-LD scripts excepted, which stay), yet myhtml would
// tokenize them and copy them into text nodes.
#pragma once

#include <string>
#include <string_view>

namespace docpipe::clean_html {

//! Writes html without the contents of <script> (except type=...ld+json) and
//! <style> elements into out and returns true; returns false, leaving out
//! alone, when there is nothing to strip. Comments are skipped whole; a
//! script whose body opens a comment (where HTML's "double escaped" rules
//! could move its end) ends the stripping, and the rest is copied as it is.
bool strip_raw_text_bodies(std::string_view html, std::string& out);

}  // namespace docpipe::clean_html
