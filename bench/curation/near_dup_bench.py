#!/usr/bin/env python3
"""Near-duplicate benchmark for dedup.minhash (see bench/README.md, "Curation").

build        originals from the text of the extraction sets (English) and the UD Chinese
             sentences (Chinese: the extraction sets have none), each with copies edited at known
             rates; writes the corpus for curation_bench and the families for evaluate
evaluate     true Jaccard of every pair in a family (and of every reported pair across families),
             against what curation_bench reported: recall and precision tables by edit and rate
python-speed the same MinHash in straightforward Python, MB/s on a prefix of the corpus
"""
import argparse
import gzip
import hashlib
import json
import os
import random
import sys
import time
import unicodedata
from collections import defaultdict

N_GRAMS = 5
BANDS, ROWS = 14, 8
RATES = [0.01, 0.03, 0.05, 0.1, 0.2]
EDITS = ["sub", "ins", "del"]
BOILER_EN = ("Subscribe to our newsletter for the latest news and offers. "
             "Follow us on social media. All rights reserved. Terms of use and privacy policy apply. "
             "Share this article with your friends. Advertisement. Related stories you may like.")
BOILER_ZH = "订阅我们的新闻通讯以获取最新消息和优惠。关注我们的社交媒体。版权所有，保留所有权利。分享这篇文章给你的朋友。广告。你可能喜欢的相关文章。"


def is_cjk(ch):
    c = ord(ch)
    return (0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF or 0xF900 <= c <= 0xFAFF or
            0x20000 <= c <= 0x2FA1F or c == 0x3007 or 0x3040 <= c <= 0x30FF or 0x31F0 <= c <= 0x31FF or
            0xFF66 <= c <= 0xFF9F or 0xAC00 <= c <= 0xD7AF or 0x1100 <= c <= 0x11FF or 0x3130 <= c <= 0x318F)


def tokens(text):
    """The words dedup.minhash shingles: NFKC, lower case, no punctuation, digits as 0."""
    text = unicodedata.normalize("NFKC", text)
    out, cur = [], []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "PS":
            continue
        if cat == "Nd":
            ch = "0"
        if is_cjk(ch):
            if cur:
                out.append("".join(cur))
                cur = []
            out.append(ch)
        elif cat[0] in "LNM":
            cur.append(ch.lower())
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def shingles(text):
    t = tokens(text)
    if not t:
        return set()
    n = min(N_GRAMS, len(t))
    return {" ".join(t[i:i + n]) for i in range(len(t) - n + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 1.0


# ---- corpus

def english_originals(data, source, limit):
    if source == "extraction-dev":
        lines = open(os.path.join(data, "extraction-dev", "gold.jsonl"), encoding="utf-8")
    else:
        lines = gzip.open(os.path.join(data, "extraction-wcxb-dev", "gold.jsonl.gz"), "rt", encoding="utf-8")
    out = []
    for line in lines:
        text = json.loads(line)["text"].strip()
        if len(text.split()) >= 100:
            out.append(text)
        if len(out) >= limit:
            break
    return out


def chinese_originals(data, per_doc=10):
    path = os.path.join(data, "segment-dev", "words", "ud-zh-gsdsimp", "input.txt")
    sents = [s.strip() for s in open(path, encoding="utf-8") if s.strip()]
    return ["\n".join(sents[i:i + per_doc]) for i in range(0, len(sents) - per_doc + 1, per_doc)]


def edit_units(text, zh, op, rate, rng, vocab):
    """Edits words (characters for Chinese) at `rate`, keeping line breaks."""
    lines = text.split("\n")
    units = [list(l) if zh else l.split() for l in lines]
    total = sum(len(u) for u in units)
    k = max(1, round(rate * total))
    for _ in range(k):
        li = rng.randrange(len(units))
        while not units[li] and op != "ins":
            li = rng.randrange(len(units))
        u = units[li]
        if op == "sub" and u:
            u[rng.randrange(len(u))] = rng.choice(vocab)
        elif op == "del" and u:
            del u[rng.randrange(len(u))]
        elif op == "ins":
            u.insert(rng.randrange(len(u) + 1), rng.choice(vocab))
    return "\n".join(("".join(u) if zh else " ".join(u)) for u in units)


def copies(text, zh, rng, vocab):
    out = []
    for op in EDITS:
        for rate in RATES:
            out.append((f"{op}-{rate}", edit_units(text, zh, op, rate, rng, vocab)))
    paras = text.split("\n")
    shuffled = paras[:]
    rng.shuffle(shuffled)
    out.append(("shuffle", "\n".join(shuffled)))
    boiler = BOILER_ZH if zh else BOILER_EN
    out.append(("boilerplate", boiler + "\n" + text + "\n" + boiler))
    return out


def build(args):
    rng = random.Random(17)
    families = []
    sets = [("en-extraction-dev", False, english_originals(args.data, "extraction-dev", args.limit)),
            ("en-wcxb-dev", False, english_originals(args.data, "wcxb-dev", args.limit)),
            ("zh-ud-gsdsimp", True, chinese_originals(args.data))]
    with open(args.corpus, "wb") as out:
        for name, zh, originals in sets:
            vocab = sorted({c for t in originals for c in t if is_cjk(c)}) if zh else \
                sorted({w for t in originals for w in t.split() if w.isalpha()})
            for i, text in enumerate(originals):
                members = [(f"{name}/{i:04d}/orig", "orig", text)]
                for edit, copy in copies(text, zh, rng, vocab):
                    members.append((f"{name}/{i:04d}/{edit}", edit, copy))
                for doc_id, _, body in members:
                    data = body.encode("utf-8")
                    out.write(f"{doc_id}\t{'zh' if zh else 'en'}\t{len(data)}\n".encode() + data)
                families.append({"set": name, "members": [[m[0], m[1]] for m in members]})
    json.dump(families, open(args.truth, "w"))
    print(f"built {sum(len(f['members']) for f in families)} documents in {len(families)} families",
          file=sys.stderr)


def read_corpus(path):
    docs = {}
    with open(path, "rb") as f:
        while True:
            header = f.readline()
            if not header:
                break
            doc_id, lang, size = header.decode().rstrip("\n").split("\t")
            docs[doc_id] = (lang, f.read(int(size)).decode("utf-8"))
    return docs


# ---- evaluation

def evaluate(args):
    docs = read_corpus(args.corpus)
    families = json.load(open(args.truth))
    pairs, removed = set(), {}
    for line in open(args.reported, encoding="utf-8"):
        kind, a, b = line.rstrip("\n").split("\t")
        if kind == "pair":
            pairs.add((min(a, b), max(a, b)))
        else:
            removed[a] = b
    cluster = {a: b for a, b in removed.items()}
    sh = {}

    def S(doc_id):
        if doc_id not in sh:
            sh[doc_id] = shingles(docs[doc_id][1])
        return sh[doc_id]

    def same_cluster(a, b):
        return cluster.get(a, a) == cluster.get(b, b)

    family_of = {}
    by_edit = defaultdict(lambda: defaultdict(lambda: [0, 0.0, 0, 0]))  # set -> edit -> n, sumJ, pair, cluster
    high = defaultdict(lambda: [0, 0, 0])  # set -> pairs J>=0.8, found as pair, found in cluster
    for fam in families:
        ids = [m[0] for m in fam["members"]]
        edits = dict((m[0], m[1]) for m in fam["members"])
        for x in ids:
            family_of[x] = ids[0]
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                a, b = ids[i], ids[j]
                jac = jaccard(S(a), S(b))
                key = (min(a, b), max(a, b))
                if jac >= 0.8:
                    h = high[fam["set"]]
                    h[0] += 1
                    h[1] += key in pairs
                    h[2] += same_cluster(a, b)
                if i == 0:
                    row = by_edit[fam["set"]][edits[b]]
                    row[0] += 1
                    row[1] += jac
                    row[2] += key in pairs
                    row[3] += same_cluster(a, b)
    # Precision: every reported pair, its true Jaccard (computed on demand across families).
    low_pairs = defaultdict(lambda: [0, 0])
    for a, b in pairs:
        s = a.split("/")[0]
        low_pairs[s][0] += 1
        low_pairs[s][1] += jaccard(S(a), S(b)) < 0.5
    members = defaultdict(list)
    for d in docs:
        members[cluster.get(d, d)].append(d)
    low_cluster = defaultdict(lambda: [0, 0])
    for group in members.values():
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                s = group[i].split("/")[0]
                low_cluster[s][0] += 1
                low_cluster[s][1] += jaccard(S(group[i]), S(group[j])) < 0.5
    print("| set | edit | pairs (original, copy) | mean true Jaccard | reported as pair | same cluster |")
    print("|---|---|---|---|---|---|")
    for s in sorted(by_edit):
        for edit in sorted(by_edit[s], key=lambda e: (e.split("-")[0], float(e.split("-")[1]) if "-" in e else 0)):
            n, sj, p, c = by_edit[s][edit]
            print(f"| {s} | {edit} | {n} | {sj / n:.3f} | {p / n:.3f} | {c / n:.3f} |")
    print()
    print("| set | pairs with J >= 0.8 | recall (pair) | recall (cluster) | reported pairs | J < 0.5 among them | precision (pair) | cluster pairs | J < 0.5 | precision (cluster) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for s in sorted(high):
        h, lp, lc = high[s], low_pairs[s], low_cluster[s]
        print(f"| {s} | {h[0]} | {h[1] / h[0]:.4f} | {h[2] / h[0]:.4f} | {lp[0]} | {lp[1]} | "
              f"{1 - lp[1] / max(lp[0], 1):.4f} | {lc[0]} | {lc[1]} | {1 - lc[1] / max(lc[0], 1):.4f} |")


# ---- the reference MinHash, written plainly

def reference_signature(text, mul, add):
    sh = shingles(text)
    if not sh:
        return None
    mins = [(1 << 32) - 1] * len(mul)
    for s in sh:
        x = int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")
        for k in range(len(mul)):
            v = ((mul[k] * x + add[k]) & 0xFFFFFFFFFFFFFFFF) >> 32
            if v < mins[k]:
                mins[k] = v
    return [hash(tuple(mins[b * ROWS:(b + 1) * ROWS])) for b in range(BANDS)]


def python_speed(args):
    docs = list(read_corpus(args.corpus).values())
    rng = random.Random(1)
    mul = [rng.getrandbits(64) | 1 for _ in range(BANDS * ROWS)]
    add = [rng.getrandbits(64) for _ in range(BANDS * ROWS)]
    budget, chosen = args.bytes, []
    for lang, text in docs[::7]:
        if budget <= 0:
            break
        chosen.append(text)
        budget -= len(text.encode("utf-8"))
    size = sum(len(t.encode("utf-8")) for t in chosen)
    best = 0.0
    for _ in range(args.reps):
        t0 = time.perf_counter()
        for t in chosen:
            reference_signature(t, mul, add)
        best = max(best, size / 1e6 / (time.perf_counter() - t0))
    print(f"python reference minhash     best {best:8.3f} MB/s   ({args.reps} runs, {size / 1e6:.2f} MB)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--data", required=True)
    b.add_argument("--corpus", required=True)
    b.add_argument("--truth", required=True)
    b.add_argument("--limit", type=int, default=200, help="originals per English set")
    e = sub.add_parser("evaluate")
    e.add_argument("--corpus", required=True)
    e.add_argument("--truth", required=True)
    e.add_argument("--reported", required=True)
    s = sub.add_parser("python-speed")
    s.add_argument("--corpus", required=True)
    s.add_argument("--bytes", type=int, default=1_000_000)
    s.add_argument("--reps", type=int, default=3)
    args = p.parse_args()
    {"build": build, "evaluate": evaluate, "python-speed": python_speed}[args.cmd](args)


if __name__ == "__main__":
    main()
