#!/usr/bin/env python3
"""Scores main-content extraction against gold with the metric of
/work/shared/data/README.md (the Scrapinghub article-extraction-benchmark's):

- tokens: runs of \\w characters, except that each CJK character (Han,
  Hiragana, Katakana, Hangul) is a token by itself;
- 4-gram shingles of tokens, counted with multiplicity (a text of fewer than
  4 tokens is one shingle of all of them);
- per page: TP = shared shingles, FP = extra in output, FN = missing from
  output, each divided by TP+FP+FN;
- precision = sum TP / (sum TP + sum FP), recall = sum TP / (sum TP + sum FN)
  over pages (an empty output adds only FN), F1 = 2PR / (P+R).

    score.py GOLD.jsonl OUTPUT.jsonl [--worst N]

OUTPUT is export.jsonl's: {"id": "<gold id>.html[.gz]", "text": ...}; a gold
page missing from OUTPUT (dropped or failed) counts as an empty output.
Python 3 standard library only.
"""
import argparse
import gzip
import json
import re
import sys
from collections import Counter

# Ranges of characters that are tokens on their own.
_CJK = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # Han extension A
    "\u4e00-\u9fff"  # Han
    "\ua960-\ua97f"  # Hangul Jamo extended-A
    "\uac00-\ud7af"  # Hangul syllables
    "\ud7b0-\ud7ff"  # Hangul Jamo extended-B
    "\uf900-\ufaff"  # Han compatibility
    "\uff66-\uff9f"  # half-width Katakana
    "\uffa0-\uffdc"  # half-width Hangul
    "\U00020000-\U0003134f"  # Han extensions B-G
)
_TOKEN = re.compile(r"[%s]|(?:(?![%s])\w)+" % (_CJK, _CJK))
N = 4


def tokens(text):
    return _TOKEN.findall(text or "")


def shingles(text):
    t = tokens(text)
    if not t:
        return Counter()
    if len(t) < N:
        return Counter([" ".join(t)])
    return Counter(" ".join(t[i:i + N]) for i in range(len(t) - N + 1))


def page_counts(gold, output):
    g, o = shingles(gold), shingles(output)
    tp = sum((g & o).values())
    fp = sum((o - g).values())
    fn = sum((g - o).values())
    s = tp + fp + fn
    if s == 0:
        return 0.0, 0.0, 0.0
    return tp / s, fp / s, fn / s


def strip_ext(doc_id):
    for ext in (".gz", ".zst", ".html", ".htm"):
        if doc_id.endswith(ext):
            doc_id = doc_id[: -len(ext)]
    return doc_id.rsplit("/", 1)[-1]


def read_jsonl(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def score(gold_path, output_path):
    gold = {r["id"]: r.get("text") or "" for r in read_jsonl(gold_path)}
    out = {}
    for r in read_jsonl(output_path):
        out[strip_ext(r["id"])] = r.get("text") or ""
    rows = []
    TP = FP = FN = 0.0
    for doc_id, text in gold.items():
        tp, fp, fn = page_counts(text, out.get(doc_id, ""))
        TP, FP, FN = TP + tp, FP + fp, FN + fn
        rows.append((doc_id, tp, fp, fn))
    p = TP / (TP + FP) if TP + FP else 0.0
    r = TP / (TP + FN) if TP + FN else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f1, p, r, rows, len(gold), sum(1 for k in gold if k in out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("output")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages with most FP+FN")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args()
    f1, p, r, rows, n, present = score(a.gold, a.output)
    if a.json:
        print(json.dumps({"f1": f1, "precision": p, "recall": r, "pages": n, "with_output": present}))
    else:
        print(f"pages      {n} ({present} with output)")
        print(f"F1         {f1:.4f}")
        print(f"precision  {p:.4f}")
        print(f"recall     {r:.4f}")
    if a.worst:
        rows.sort(key=lambda x: x[2] + x[3], reverse=True)
        for doc_id, tp, fp, fn in rows[: a.worst]:
            print(f"  {doc_id}  tp={tp:.3f} fp={fp:.3f} fn={fn:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
