// One document as a TEI-like <TEI> element.
#pragma once

#include <pugixml.hpp>

#include <cstddef>

#include <docpipe_output/document_view.hpp>

namespace docpipe::xml {

//! The TEI namespace, on every <TEI> and <teiCorpus>.
inline constexpr const char* tei_namespace = "http://www.tei-c.org/ns/1.0";

//! Appends <TEI> to parent: a <teiHeader> of the metadata (title, author,
//! date, url, source, lang; other keys as <note type="key">) and a
//! <text><body> of the blocks (<head>, <p>, <list><item>, <table><row><cell>,
//! <quote>, <code>; text outside blocks as <p>), with sentence segments as
//! <s> inside their block when sentences is true. Returns the characters
//! dropped because XML 1.0 does not allow them.
size_t append_tei(pugi::xml_node parent, const output::DocumentView& doc, bool sentences);

}  // namespace docpipe::xml
