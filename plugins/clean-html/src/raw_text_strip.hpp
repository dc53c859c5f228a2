// Empties the bodies of <script>, <style> and inline <svg> elements before
// parsing. Scripts and styles are about half the bytes of a typical page (54%
// of extraction-dev) and SVG drawings another 4%; nobody reads them (JSON-LD
// scripts excepted, which stay; SVG is not shown as text), yet myhtml would
// tokenize them and build nodes for them.
#pragma once

#include <string>
#include <string_view>

namespace docpipe::clean_html {

//! Writes html without the contents of <script> (except type=...ld+json),
//! <style> and <svg> (nested ones counted) elements into out and returns true; returns false, leaving out
//! alone, when there is nothing to strip. Comments are skipped whole; a
//! script whose body opens a comment (where HTML's "double escaped" rules
//! could move its end) ends the stripping, and the rest is copied as it is.
bool strip_raw_text_bodies(std::string_view html, std::string& out);

}  // namespace docpipe::clean_html
