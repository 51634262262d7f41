#!/usr/bin/env python3
"""Score the embedded NER on an inline-annotated folder (default: eval/heldout/).

The held-out set is written for measuring only: nothing is trained or tuned on it, so
its score estimates how the pipeline does on unseen articles. Entity-level exact match
on character spans, the CoNLL measure, per type and overall.

    python scripts/eval_heldout.py [--dir eval/heldout] [--model embedded] [--errors]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.nlp import load_annotator
from sitegen.nlp.annotator import entity_spans
from sitegen.nlp.inline import parse_inline

LABELS = ("PER", "ORG", "LOC", "MISC")


def _body(source: str) -> str:
    """Drop the ``date`` header line, as the seed reader does."""
    head, sep, rest = source.partition("\n\n")
    return rest if sep and head.lstrip().startswith("date ") else source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", default=str(ROOT / "eval" / "heldout"))
    parser.add_argument("--model", default="embedded")
    parser.add_argument("--errors", action="store_true", help="list false positives and misses")
    args = parser.parse_args()
    files = sorted(Path(args.dir).glob("*.txt"))
    if not files:
        print(f"no *.txt files in {args.dir}", file=sys.stderr)
        return 1
    docs = [parse_inline(_body(f.read_text(encoding="utf-8"))) for f in files]
    annotator = load_annotator(args.model, "nl")
    predicted = annotator.annotate([d.text for d in docs])
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for path, doc, ann in zip(files, docs, predicted):
        gold = set(doc.spans)
        pred = set(entity_spans(ann.mentions, doc.text))  # a split compound adjective is one entity
        for s in gold:
            n_gold[s[2]] += 1
        for s in pred:
            n_pred[s[2]] += 1
        for s in gold & pred:
            tp[s[2]] += 1
        if args.errors:
            for s in sorted(pred - gold):
                print(f"{path.name} FP {s[2]:<4} {doc.text[s[0]:s[1]]!r}")
            for s in sorted(gold - pred):
                print(f"{path.name} FN {s[2]:<4} {doc.text[s[0]:s[1]]!r}")
    words = sum(len(d.text.split()) for d in docs)
    print(f"{len(files)} files, {words} words, {sum(n_gold.values())} gold entities ({args.dir})")
    print(f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>6}{'pred':>6}")
    for label in ("overall",) + LABELS:
        if label == "overall":
            t, g, p = sum(tp.values()), sum(n_gold.values()), sum(n_pred.values())
        else:
            t, g, p = tp[label], n_gold[label], n_pred[label]
        prec = t / p if p else 0.0
        rec = t / g if g else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        print(f"{label:<8}{100 * prec:>8.2f}{100 * rec:>8.2f}{100 * f1:>8.2f}{g:>6}{p:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
