// What nobody reads is cut from a page before myhtml parses it: the bodies
// of <script>, <style> and inline <svg> elements (about half the bytes of a
// typical page, 54 % of extraction-dev, and SVG another 4 %), and the
// attributes no part of clean.html reads (href on links, data-*, src,
// srcset, alt, title, event handlers: 40 % of what remains). myhtml would
// otherwise tokenize, decode and store all of it, at ~25 instructions a byte.
// JSON-LD scripts stay (metadata reads them), and so does every attribute
// that changes how myhtml builds the tree.
#pragma once

#include <string>
#include <string_view>

namespace docpipe::clean_html {

//! Writes html into out without the contents of <script> (except
//! type=...ld+json), <style> and <svg> (nested ones counted) elements and
//! without the unread attributes of other start tags, and returns true;
//! returns false, leaving out alone, when there is nothing to cut. Comments
//! and the text of <title>, <textarea>, <xmp>, <iframe>, <noembed> and
//! <noframes> are copied whole; a script whose body opens a comment (where
//! HTML's "double escaped" rules could move its end), an unterminated tag
//! or <plaintext> ends the cutting, and the rest is copied as it is.
bool strip_unread_markup(std::string_view html, std::string& out);

}  // namespace docpipe::clean_html
