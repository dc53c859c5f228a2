// fetch.http: the SDK face of the fetch engine (fetcher.hpp).
#include <docpipe/plugin.hpp>

#include <boost/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "address_policy.hpp"
#include "fetcher.hpp"
#include "outcome.hpp"
#include "url_input.hpp"
#include "warc_out.hpp"

namespace {

using docpipe::Param;
using docpipe::Result;
using namespace docpipe::http;

// "true": every private address; "false" or nothing: none; otherwise the ranges listed.
void set_allow_private(const std::vector<std::string>& items, TransferOptions& t) {
  if (items.size() == 1 && (items[0] == "true" || items[0] == "false")) {
    t.allow_private = items[0] == "true";
    return;
  }
  for (const std::string& item : items) {
    std::string why;
    auto cidr = parse_cidr(item, &why);
    if (!cidr)
      throw std::invalid_argument("allow_private: " + why +
                                  " (expected true, false or CIDR ranges)");
    t.allow_cidrs.push_back(*cidr);
  }
}

FetcherOptions fetcher_options(const docpipe::Context& ctx) {
  const docpipe::Params& p = ctx.params();
  FetcherOptions o;
  o.transfer.user_agent = std::string(p.string("user_agent"));
  o.transfer.connect_timeout = p.duration("connect_timeout");
  o.transfer.timeout = p.duration("timeout");
  o.transfer.stall_timeout = p.duration("stall_timeout");
  o.transfer.stall_speed = p.size("stall_speed");
  o.transfer.max_redirects = static_cast<long>(p.integer("max_redirects"));
  o.transfer.accept_encoding = p.boolean("accept_encoding");
  o.transfer.http2 = p.boolean("http2");
  if (p.is_set("ca_file")) o.transfer.ca_file = std::string(p.string("ca_file"));
  set_allow_private(p.list("allow_private"), o.transfer);
  o.transfer.max_host_connections = static_cast<long>(p.integer("per_host"));
  o.transfer.max_connections = static_cast<long>(p.integer("concurrency"));
  o.mode = p.string("mode") == "sitemap" ? Mode::sitemap : Mode::urls;
  o.concurrency = static_cast<int>(p.integer("concurrency"));
  o.per_host = static_cast<int>(p.integer("per_host"));
  o.delay = p.duration("delay");
  o.robots = p.boolean("robots");
  o.max_crawl_delay = p.duration("max_crawl_delay");
  o.retries = static_cast<int>(p.integer("retries"));
  o.retry_delay = p.duration("retry_delay");
  o.max_retry_after = p.duration("max_retry_after");
  o.max_size = p.size("max_size");
  o.max_sitemap_size = p.size("max_sitemap_size");
  o.max_lookahead = static_cast<size_t>(p.integer("lookahead"));
  o.archive_redirects = p.boolean("warc_redirects");
  o.sitemap_depth = static_cast<int>(p.integer("sitemap_depth"));
  o.max_urls = static_cast<uint64_t>(p.integer("max_urls"));
  o.shard_by = p.string("shard_by") == "host" ? ShardBy::host : ShardBy::url;
  o.shard_index = ctx.shard_index();
  o.shard_count = ctx.shard_count() == 0 ? 1 : ctx.shard_count();
  return o;
}

std::unique_ptr<UrlInput> url_input(const docpipe::Context& ctx, const FetcherOptions& o) {
  // In sitemap mode every shard expands every sitemap and shards the pages found instead.
  bool sitemap = o.mode == Mode::sitemap;
  return std::make_unique<UrlInput>(ctx.params().list("urls"), o.shard_by,
                                    sitemap ? 0 : o.shard_index, sitemap ? 1 : o.shard_count);
}

// [{"url": "...", "status": 301}, ...]: every hop that answered with a redirect, in order.
std::string redirects_json(const std::vector<RedirectHop>& hops) {
  boost::json::array a;
  for (const RedirectHop& h : hops)
    a.push_back(boost::json::object{{"url", h.url}, {"status", h.status}});
  return boost::json::serialize(a);
}

class FetchHttp final : public docpipe::Source {
 public:
  static constexpr const char* id = "fetch.http";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Fetches URLs (or the pages of sitemaps and feeds) over HTTP(S), politely and concurrently";
  // After a stop it finishes (or, once aborting, abandons) its transfers in
  // flight and then ends: the host reads it until it does.
  static constexpr uint32_t flags = DP_FLAG_DRAINS;
  static constexpr dp_param_spec params[] = {
      Param("urls", DP_PARAM_LIST,
            "URL list files: one URL a line (# comments), or JSONL with \"url\" and extra fields")
          .required(),
      Param("mode", DP_PARAM_ENUM,
            "urls: the lists name pages; sitemap: they name sitemaps, sitemap indexes, robots.txt, "
            "RSS or Atom feeds whose pages are fetched")
          .choices("urls|sitemap")
          .def("urls"),
      Param("concurrency", DP_PARAM_INT, "Transfers in flight over all hosts")
          .def("64")
          .range("1", "4096"),
      Param("per_host", DP_PARAM_INT, "Transfers in flight per host (scheme, host and port)")
          .def("8")
          .range("1", "1024"),
      Param("delay", DP_PARAM_DURATION, "Minimum time between request starts to one host")
          .def("0s"),
      Param("user_agent", DP_PARAM_STRING,
            "User-Agent header; its product token selects robots.txt rules")
          .def("docpipe/0.1 (document pipeline fetcher; no contact configured)"),
      Param("robots", DP_PARAM_BOOL, "Fetch and obey each host's robots.txt").def("true"),
      Param("max_crawl_delay", DP_PARAM_DURATION, "Cap on a robots.txt Crawl-delay").def("60s"),
      Param("retries", DP_PARAM_INT,
            "Extra attempts after timeouts, connection errors, 408/425/429 and 5xx")
          .def("3")
          .range("0", "100"),
      Param("retry_delay", DP_PARAM_DURATION, "First backoff; doubles each attempt, with jitter")
          .def("1s"),
      Param("max_retry_after", DP_PARAM_DURATION,
            "Longest Retry-After obeyed; a longer one fails the URL instead of waiting")
          .def("2m"),
      Param("max_redirects", DP_PARAM_INT, "Redirects followed (0: none)")
          .def("10")
          .range("0", "1000"),
      Param("connect_timeout", DP_PARAM_DURATION, "Time allowed to connect").def("10s"),
      Param("timeout", DP_PARAM_DURATION,
            "Time allowed for one request (each redirect hop has its own)")
          .def("60s"),
      Param("stall_timeout", DP_PARAM_DURATION,
            "Abort when fewer than stall_speed bytes/s arrive for this long (0s: never)")
          .def("30s"),
      Param("stall_speed", DP_PARAM_SIZE,
            "Bytes per second below which a transfer counts as stalled")
          .def("1"),
      Param("max_size", DP_PARAM_SIZE,
            "Largest body (after content decoding); bigger fails the URL")
          .def("16MiB"),
      Param(
          "max_sitemap_size", DP_PARAM_SIZE,
          "Largest sitemap or feed, after content decoding and gunzip (the protocol allows 50 MB)")
          .def("50MiB"),
      Param("lookahead", DP_PARAM_INT,
            "URLs read ahead at most, to find other hosts' URLs while queued hosts are busy or "
            "waiting")
          .def("50000")
          .range("1", nullptr),
      Param("accept_encoding", DP_PARAM_BOOL, "Ask for gzip, deflate and br, and decode them")
          .def("true"),
      Param("http2", DP_PARAM_BOOL, "Use HTTP/2 over TLS when the server offers it").def("true"),
      Param("ca_file", DP_PARAM_PATH, "Extra CA certificates (PEM) to trust, e.g. an internal CA"),
      Param("allow_private", DP_PARAM_LIST,
            "Private addresses allowed: true (all of loopback, private, link-local, unique-local), "
            "false (none), or CIDR ranges (127.0.0.0/8,fd00::/8)")
          .def("false"),
      Param("shard_by", DP_PARAM_ENUM,
            "What --shard splits on: each URL, or each host's URLs together")
          .choices("url|host")
          .def("url"),
      Param("sitemap_depth", DP_PARAM_INT, "Nesting of sitemap indexes followed (sitemap mode)")
          .def("5")
          .range("0", "100"),
      Param("max_urls", DP_PARAM_INT,
            "Page URLs taken from sitemaps and feeds at most (sitemap mode)")
          .def("1000000")
          .range("0", nullptr),
      Param("warc_out", DP_PARAM_PATH,
            "Also archive every response and its request as WARC/1.1 (per-record gzip if it ends "
            "in .gz)"),
      Param("warc_overwrite", DP_PARAM_BOOL, "Replace an existing warc_out file").def("false"),
      Param("warc_gzip_level", DP_PARAM_INT,
            "Deflate level of a .gz warc_out (1: fastest, 9: smallest); every gzip WARC reader "
            "reads any")
          .def("1")
          .range("1", "9"),
      Param("warc_redirects", DP_PARAM_BOOL, "Archive the redirect responses of every hop too")
          .def("true"),
  };
  static constexpr const char* provides[] = {"raw", "metadata:final_url", nullptr};

  explicit FetchHttp(docpipe::Context& ctx) : ctx_(ctx), log_(ctx.log()) {
    FetcherOptions o = fetcher_options(ctx);
    const docpipe::Params& p = ctx.params();
    if (p.is_set("warc_out") && !p.string("warc_out").empty()) {
      o.transfer.capture_request = true;
      warc_ =
          std::make_unique<WarcOut>(std::string(p.string("warc_out")), p.boolean("warc_overwrite"),
                                    std::string("docpipe fetch.http ") + version);
    }
    fetcher_ = std::make_unique<Fetcher>(o, url_input(ctx, o));
    if (warc_) fetcher_->on_response([this](const Response& r) { warc_->write(r); });
    fetcher_->on_stop([this] { return static_cast<StopState>(ctx_.stop_state()); });
    // A resumed run does not fetch again a page an earlier attempt committed (its
    // document's source is the URL: one document per URL).
    if (ctx.resumable())
      fetcher_->on_committed([this](const std::string& url) { return ctx_.committed(url) != 0; });
    fetcher_->on_log([this](int level, const std::string& text) {
      if (level >= 2)
        log_.warn("{}", text);
      else if (level == 1)
        log_.info("{}", text);
      else
        log_.debug("{}", text);
    });
  }

  Result next(docpipe::Document& doc) {
    std::optional<FetchResult> r = fetcher_->next();
    ctx_.progress(fetcher_->urls_done(), fetcher_->urls_known(), DP_PROGRESS_ITEMS);
    // An archive that cannot be written is a broken run, not a broken document.
    if (warc_ && !warc_->error().empty())
      return Result::component_error("warc_out: " + warc_->error());
    if (!r) {
      log_.debug("{} requests made", fetcher_->requests());
      Result done = finish();
      return done.status() == DP_OK ? Result::end() : done;
    }
    const InputItem& item = r->item;
    doc.set_id(item.id.empty() ? item.url : item.id);
    doc.set_source(item.url);
    if (!item.url.empty()) doc.set_url(item.url);
    for (const MetaField& m : item.meta) {
      if (!m.is_json || !doc.set_meta_json(m.key, m.value)) doc.set_meta(m.key, m.value);
    }
    if (r->from_sitemap) doc.set_meta("sitemap", r->sitemap);
    // The host finds the URL committed and skips the document (counting it); were it not,
    // the document would still not pass as a fetched page.
    if (r->skipped_committed) return Result::dropped("committed by an earlier attempt");
    if (!r->redirects.empty()) doc.set_meta_json("redirects", redirects_json(r->redirects));
    if (r->attempts > 0) doc.set_meta_json("attempts", std::to_string(r->attempts));
    if (r->response) {
      const Response& resp = *r->response;
      if (resp.status > 0) doc.set_http_status(resp.status);
      doc.set_meta("final_url", resp.final_url);
      if (!resp.http_version.empty()) doc.set_meta("http_version", resp.http_version);
      if (resp.finished_at.time_since_epoch().count() != 0) {
        doc.set_fetch_time_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                                  resp.finished_at.time_since_epoch())
                                  .count());
      }
      for (const auto& [name, value] : resp.headers) doc.add_header(name, value);
      if (const std::string* ct = find_header(resp, "content-type")) doc.set_content_type(*ct);
    }
    if (!r->ok) return Result::document_error(r->error);
    doc.set_raw(r->response->body);
    return Result::ok();
  }

  Result finish() {
    if (warc_ && !warc_->commit()) return Result::component_error("warc_out: " + warc_->error());
    if (warc_) log_.debug("warc_out: {} records", warc_->records());
    return Result::ok();
  }

 private:
  docpipe::Context& ctx_;
  docpipe::Logger log_;
  std::unique_ptr<WarcOut> warc_;  // before fetcher_: the fetcher's hook points at it
  std::unique_ptr<Fetcher> fetcher_;
};

}  // namespace

DOCPIPE_PLUGIN(FetchHttp)
