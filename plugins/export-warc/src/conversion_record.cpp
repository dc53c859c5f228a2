#include "conversion_record.hpp"

#include <docpipe_warc/warc_date.hpp>
#include <docpipe_warc/writer.hpp>

namespace docpipe::export_warc {

std::string encode_conversion(const ConversionInput& input, bool gzip) {
  warc::RecordToWrite r;
  r.type = "conversion";
  r.target_uri = std::string(input.url);
  if (!input.warc_date.empty()) {
    r.date = std::string(input.warc_date);
  } else if (input.fetch_time_ms != 0) {
    r.date = warc::format_warc_date(input.fetch_time_ms);
  }
  r.content_type = "text/plain; charset=utf-8";
  if (!input.refers_to.empty()) r.extra_headers.emplace_back("WARC-Refers-To", std::string(input.refers_to));
  if (!input.language.empty()) {
    r.extra_headers.emplace_back("WARC-Identified-Content-Language", std::string(input.language));
  }
  r.block = input.text;
  return warc::encode_record(r, gzip);
}

std::string encode_warcinfo(std::string_view pipeline, bool gzip) {
  std::string fields = "software: docpipe export.warc\r\nformat: WARC File Format 1.1\r\n"
                       "conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n";
  if (!pipeline.empty()) {
    fields += "description: conversion records of docpipe pipeline ";
    fields += pipeline;
    fields += "\r\n";
  }
  warc::RecordToWrite r;
  r.type = "warcinfo";
  r.content_type = "application/warc-fields";
  r.block = fields;
  return warc::encode_record(r, gzip);
}

bool wants_gzip(std::string_view path_template) { return path_template.ends_with(".gz"); }

}  // namespace docpipe::export_warc
