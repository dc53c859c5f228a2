#!/usr/bin/env python3
"""Writes a synthetic WARC 1.1 file of about SIZE_MB megabytes for bench/warc.

Common Crawl-like: a warcinfo record, then request/response pairs (responses
are HTTP 200 text/html pages of 5-80 KB, one in ten a 404, one in twenty an
image), and a metadata record per response. --gzip writes one gzip member per
record, the Common Crawl layout. Deterministic (seeded), so runs compare.
"""
import argparse
import gzip
import random
import uuid

WORDS = ("river mountain archive crawler paragraph language corpus text page "
         "document history science market culture network policy").split()


def record(rtype, uri, block, content_type):
    rid = uuid.UUID(int=random.getrandbits(128), version=4)
    head = (f"WARC/1.1\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
            f"WARC-Date: 2024-05-01T12:00:00Z\r\n")
    if uri:
        head += f"WARC-Target-URI: {uri}\r\n"
    head += f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def page(n):
    paragraphs = []
    size = random.randint(5_000, 80_000)
    total = 0
    while total < size:
        p = " ".join(random.choice(WORDS) for _ in range(60))
        paragraphs.append(f"<p>{p} {n}.</p>")
        total += len(paragraphs[-1])
    return ("<!DOCTYPE html><html><head><title>Page %d</title></head><body><article>%s"
            "</article></body></html>" % (n, "\n".join(paragraphs))).encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("output")
    ap.add_argument("--size-mb", type=int, default=300)
    ap.add_argument("--gzip", action="store_true", help="one gzip member per record")
    args = ap.parse_args()
    random.seed(42)
    limit = args.size_mb * 1_000_000
    written = 0
    n = 0
    with open(args.output, "wb") as out:
        def emit(data):
            nonlocal written
            written += len(data)
            out.write(gzip.compress(data, 6) if args.gzip else data)

        emit(record("warcinfo", "", b"software: bench/warc/gen_warc.py\r\n", "application/warc-fields"))
        while written < limit:
            n += 1
            uri = f"http://site{n % 997}.example/page/{n}"
            emit(record("request", uri, f"GET /page/{n} HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
                        "application/http; msgtype=request"))
            if n % 20 == 0:
                body, status, ctype = bytes(random.getrandbits(8) for _ in range(2000)), 200, "image/png"
            else:
                body, status, ctype = page(n), (404 if n % 10 == 0 else 200), "text/html; charset=utf-8"
            http = f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            emit(record("response", uri, http + body, "application/http; msgtype=response"))
            emit(record("metadata", uri, b"fetchTimeMs: 120\r\n", "application/warc-fields"))
    print(f"{args.output}: {n} pages, {written} bytes uncompressed")


if __name__ == "__main__":
    main()
