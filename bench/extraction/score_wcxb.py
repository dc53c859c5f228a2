#!/usr/bin/env python3
"""Scores main-content extraction on WCXB with the benchmark's own metric
(../shared/data/README.md, "extraction-wcxb-dev"):

- tokens: lower-cased runs of \\w characters, counted as multisets;
- per page: P = shared / output tokens, R = shared / gold tokens, F1 of the
  two; a page with empty gold scores 1 only when the output is empty too,
  a page with empty (dropped, failed) output scores 0;
- P, R and F1 are the means over all pages, overall and per page type.

Also prints the pages without output and the exact-match rates of the
metadata against the gold's title, author and date (over the pages whose
gold has the field): title and author compared case-folded with whitespace
collapsed, the date by its YYYY-MM-DD prefix.

    score_wcxb.py GOLD.jsonl.gz OUTPUT.jsonl [--worst N] [--type T]

OUTPUT is export.jsonl's with fields id, text and metadata. Python 3
standard library only.
"""
import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import read_jsonl, strip_ext  # noqa: E402  (the same ids and JSONL reading)

_WORD = re.compile(r"\w+")
TYPES = ("article", "documentation", "service", "product", "collection", "forum", "listing")


def page_scores(gold, output):
    g = Counter(_WORD.findall(gold.lower()))
    o = Counter(_WORD.findall(output.lower()))
    if not g:
        return (1.0, 1.0, 1.0) if not o else (0.0, 0.0, 0.0)
    if not o:
        return 0.0, 0.0, 0.0
    shared = sum((g & o).values())
    p = shared / sum(o.values())
    r = shared / sum(g.values())
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def norm(s):
    return " ".join((s or "").split()).casefold()


def meta_matches(field, gold, meta):
    if field == "date":
        return (meta.get("date") or "")[:10] == gold[:10]
    if field == "author":
        ours = meta.get("author") or ""
        return norm(ours) == norm(gold)
    return norm(meta.get(field)) == norm(gold)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("output")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages with the lowest F1")
    ap.add_argument("--type", help="only pages of this gold page_type")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args()

    out = {}
    for r in read_jsonl(a.output):
        out[strip_ext(r["id"])] = (r.get("text") or "", r.get("metadata") or {})
    by_type = defaultdict(list)
    meta_hits = defaultdict(lambda: [0, 0])
    detected = Counter()
    rows = []
    dropped = 0
    for g in read_jsonl(a.gold):
        if a.type and g["page_type"] != a.type:
            continue
        text, meta = out.get(g["id"], ("", {}))
        if g["id"] not in out:
            dropped += 1
        p, r, f = page_scores(g.get("text") or "", text)
        by_type["all"].append((p, r, f))
        by_type[g["page_type"]].append((p, r, f))
        rows.append((f, p, r, g["id"], g["page_type"]))
        if meta.get("page_type"):
            detected[(g["page_type"], meta["page_type"])] += 1
        for field in ("title", "author", "date"):
            if g.get(field):
                meta_hits[field][1] += 1
                meta_hits[field][0] += meta_matches(field, g[field], meta)

    def means(v):
        n = len(v)
        return tuple(sum(x[i] for x in v) / n for i in range(3)) if n else (0.0, 0.0, 0.0)

    if a.json:
        print(json.dumps({t: dict(zip(("precision", "recall", "f1"), means(v)), pages=len(v))
                          for t, v in by_type.items()} | {"dropped": dropped}))
        return
    print(f"{'page type':<14} {'pages':>5} {'F1':>6} {'P':>6} {'R':>6}")
    for t in ("all",) + TYPES:
        if by_type.get(t):
            p, r, f = means(by_type[t])
            print(f"{t:<14} {len(by_type[t]):>5} {f:6.3f} {p:6.3f} {r:6.3f}")
    print(f"pages without output (dropped or failed): {dropped}")
    print("metadata exact match: " + ", ".join(
        f"{k} {h}/{n} = {h / n:.3f}" for k, (h, n) in meta_hits.items() if n))
    if detected:
        right = sum(n for (g, d), n in detected.items() if g == d)
        print(f"page_type agrees with gold on {right}/{sum(detected.values())} pages")
    if a.worst:
        rows.sort()
        for f, p, r, doc_id, t in rows[: a.worst]:
            print(f"  {doc_id} {t:<13} F1={f:.3f} P={p:.3f} R={r:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
