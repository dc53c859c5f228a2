#!/usr/bin/env python3
"""Checks what install_and_build_examples.sh produced: the JSONL output of
fetch.files ! clean.html ! filter.length min_chars=60 ! text.stats ! export.jsonl
over tests/install/data, the run statistics and log, and what `docpipe plugins`
and `docpipe describe` said about the two example plugins.

The statistics are recomputed here from each exported text, independently of
the C code, with the definitions docs/plugins.md gives for text.stats."""
import argparse
import json
import sys

EXPECTED_IDS = {"article-en.html", "news-zh.html"}
# Fewer than 60 code points but more than 60 bytes: dropped only when
# filter.length counts characters rather than bytes.
DROPPED_ID = "notice-zh.html"
MIN_CHARS = 60

# Unicode White_Space.
WHITE_SPACE = {*range(0x09, 0x0E), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B),
               0x2028, 0x2029, 0x202F, 0x205F, 0x3000}
CJK_BLOCKS = [(0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x2FF0, 0x30FF), (0x3100, 0x31FF),
              (0x3200, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF),
              (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF)]

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)
    return condition


def is_cjk(cp):
    return any(first <= cp <= last for first, last in CJK_BLOCKS)


def expected_stats(text):
    non_space = [c for c in text if ord(c) not in WHITE_SPACE]
    words = 0
    in_word = False
    for c in text:
        space = ord(c) in WHITE_SPACE
        if not space and not in_word:
            words += 1
        in_word = not space
    lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    cjk = sum(1 for c in non_space if is_cjk(ord(c)))
    ratio = 0 if not non_space else (cjk * 10000 + len(non_space) // 2) // len(non_space) / 10000
    return {"chars": len(text), "words": words, "lines": lines, "cjk_ratio": ratio}


def is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_output(path):
    docs = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as e:
                check(False, f"{path}:{number}: not JSON: {e}")
                continue
            check(doc.get("id") not in docs, f"{path}:{number}: id {doc.get('id')!r} written twice")
            docs[doc.get("id")] = doc
    check(set(docs) == EXPECTED_IDS,
          f"output ids are {sorted(docs, key=str)}, expected {sorted(EXPECTED_IDS)}")
    check(DROPPED_ID not in docs, f"{DROPPED_ID} should have been dropped by filter.length")

    for doc_id, doc in docs.items():
        text = doc.get("text")
        meta = doc.get("metadata")
        if not check(isinstance(text, str) and isinstance(meta, dict),
                     f"{doc_id}: needs a string 'text' and an object 'metadata', got {doc!r:.200}"):
            continue
        check(len(text) >= MIN_CHARS, f"{doc_id}: kept with {len(text)} characters < {MIN_CHARS}")
        want = expected_stats(text)
        for key in ("chars", "words", "lines"):
            check(is_count(meta.get(key)),
                  f"{doc_id}: metadata {key} should be a JSON integer, got {meta.get(key)!r}")
            check(meta.get(key) == want[key],
                  f"{doc_id}: metadata {key} is {meta.get(key)!r}, the text gives {want[key]}")
        ratio = meta.get("cjk_ratio")
        if check(isinstance(ratio, (int, float)) and not isinstance(ratio, bool),
                 f"{doc_id}: metadata cjk_ratio should be a JSON number, got {ratio!r}"):
            check(ratio == want["cjk_ratio"],
                  f"{doc_id}: metadata cjk_ratio is {ratio}, the text gives {want['cjk_ratio']}")
    if "article-en.html" in docs:
        check(docs["article-en.html"]["metadata"].get("cjk_ratio") == 0,
              "article-en.html: an English text should have cjk_ratio 0")
    if "news-zh.html" in docs:
        ratio = docs["news-zh.html"]["metadata"].get("cjk_ratio")
        check(isinstance(ratio, (int, float)) and 0.7 < ratio < 1,
              f"news-zh.html: a Chinese text with some digits should have 0.7 < cjk_ratio < 1, got {ratio!r}")


def check_stats(path):
    with open(path, encoding="utf-8") as f:
        stats = json.load(f)
    counts = stats.get("documents", {})
    want = {"read": 3, "ok": 2, "dropped": 1, "failed": 0}
    check({k: counts.get(k) for k in want} == want,
          f"{path}: documents are {counts}, expected {want}")
    by_plugin = {e.get("plugin"): e for e in stats.get("elements", [])}
    if check("filter.length" in by_plugin, f"{path}: no element for filter.length"):
        check(by_plugin["filter.length"].get("dropped") == 1,
              f"{path}: filter.length should have dropped 1 document: {by_plugin['filter.length']}")
    if check("text.stats" in by_plugin, f"{path}: no element for text.stats"):
        check(by_plugin["text.stats"].get("failed") == 0,
              f"{path}: text.stats failed documents: {by_plugin['text.stats']}")


def check_log(path):
    # The host logs each drop with the reason the plugin gave.
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = [l for l in f if DROPPED_ID in l and "below min_chars 60" in l]
    check(lines, f"{path}: no log line gives the drop reason of {DROPPED_ID} "
                 "('text has N characters, below min_chars 60')")


def check_listing(plugins_path, installed_dir):
    with open(plugins_path, encoding="utf-8") as f:
        listing = json.load(f)
    by_id = {p.get("id"): p for p in listing.get("plugins", [])}
    for plugin_id, file_name in (("filter.length", "docpipe-filter-length.so"),
                                 ("text.stats", "docpipe-text-stats.so")):
        p = by_id.get(plugin_id)
        if not check(p is not None, f"`docpipe plugins --json` does not list {plugin_id}"):
            continue
        check(p.get("kind") == "transform", f"{plugin_id}: kind {p.get('kind')!r}, expected transform")
        check(p.get("file") == f"{installed_dir}/{file_name}",
              f"{plugin_id}: loaded from {p.get('file')!r}, expected {installed_dir}/{file_name}")
    for r in listing.get("rejected", []):
        check(installed_dir not in r.get("file", ""), f"example plugin rejected: {r}")


def check_described(path, plugin_id, param_names):
    with open(path, encoding="utf-8") as f:
        described = json.load(f)
    names = [p.get("name") for p in described.get("params", [])]
    check(names == param_names, f"{plugin_id}: parameters {names}, expected {param_names}")
    check(described.get("needs") == ["text"], f"{plugin_id}: needs {described.get('needs')}, expected ['text']")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    for name in ("output", "stats", "log", "plugins", "installed-dir", "describe-filter",
                 "describe-stats"):
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    check_output(args.output)
    check_stats(args.stats)
    check_log(args.log)
    check_listing(args.plugins, args.installed_dir)
    check_described(args.describe_filter, "filter.length", ["min_chars", "max_chars", "min_words"])
    check_described(args.describe_stats, "text.stats", ["prefix", "count_lines"])
    for p in problems:
        print(f"check_pipeline_output: {p}", file=sys.stderr)
    if problems:
        return 1
    print("check_pipeline_output: ids, drop and statistics are as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
