// What nobody reads is cut from a page before myhtml parses it: the bodies
// of <script>, <style> and inline <svg> elements (about half the bytes of a
// typical page, 54 % of extraction-dev, and SVG another 4 %), and the
// attributes no part of clean.html reads (href on links, data-*, src,
// srcset, alt, title, event handlers: 40 % of what remains), and the
// indentation in text (46 % of the text bytes). myhtml would otherwise
// tokenize, decode and store all of it, at ~25 instructions a byte.
// JSON-LD scripts stay (metadata reads them), and so does every attribute
// that changes how myhtml builds the tree.
#pragma once

#include <string>
#include <string_view>

namespace docpipe::clean_html {

//! Returns html without the contents of <script> (except type=...ld+json),
//! <style> and <svg> (nested ones counted) elements, without the unread
//! attributes of other start tags, and with runs of whitespace in text cut
//! to their first character (except inside <pre> and <listing>). The result
//! is written to `buffer` (grown to html's size as needed, never shrunk),
//! or is html itself when there is nothing to cut. Comments, <!DOCTYPE>
//! and the text of <title>, <textarea>, <xmp>, <iframe>, <noembed> and
//! <noframes> are copied whole; a script whose body opens a comment (where
//! HTML's "double escaped" rules could move its end), an unterminated tag
//! or <plaintext> ends the cutting, and the rest is copied as it is.
std::string_view strip_unread_markup(std::string_view html, std::string& buffer);

//! html without its NUL characters, which HTML drops from text (a parse
//! error: the tree builder ignores U+0000 in body text) and which myhtml
//! mishandles: NULs before a multi-byte character make it emit stale bytes
//! in the text node. Written to `buffer` unless there is no NUL; html may
//! be strip_unread_markup's result in that same buffer (compacted in place).
std::string_view drop_nul_characters(std::string_view html, std::string& buffer);

}  // namespace docpipe::clean_html
