#!/usr/bin/env python3
"""Score the NER pipeline on the gold development set (or held-out corpus files).

    python scripts/eval_ner.py                       # embedded pipeline on gold/dev
    python scripts/eval_ner.py --json                # same, as JSON
    python scripts/eval_ner.py --corpus FILES...     # score on inline-annotated corpus files
    python scripts/eval_ner.py --ablate no-ner       # measure one component's contribution
    python scripts/eval_ner.py --errors              # list wrong spans

Prediction goes through ``sitegen.nlp.conll.annotate_conll`` (tokens as given, one
document at a time) and scoring through the project's ``conll_score.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.nlp import load_annotator
from sitegen.nlp.annotator import Annotator
from sitegen.nlp.conll import annotate_conll
from sitegen.nlp.inline import parse_inline, to_conll
from sitegen.nlp.pipeline import build_pipeline, load_spacy
from sitegen.nlp.places import load_geo

DEFAULT_GOLD = Path("/work/shared/gold/dev")
ABLATIONS = (
    "ner-only",
    "no-ner",
    "no-geo",
    "no-lexicon",
    "fill-all",
    "fill-strong",
    "fill-unknown",
)


def _scorer(path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("conll_score", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def make_annotator(model: str, ablate: list[str]) -> Annotator:
    if not ablate:
        return load_annotator(model)
    geo = load_geo("nl")
    if "ner-only" in ablate:  # the statistical model alone, no rules or gazetteer
        bare = load_spacy(model, "nl")
        return Annotator(bare.nlp, bare.ident, geo, None)
    fill = next((a[5:] for a in ablate if a.startswith("fill-")), "")
    spec = build_pipeline(
        model,
        "nl",
        geo,
        None,
        use_ner="no-ner" not in ablate,
        fill=fill,
        use_geo="no-geo" not in ablate,
        use_lexicon="no-lexicon" not in ablate,
    )
    return Annotator(spec.nlp, spec.ident, geo, None)


def evaluate(
    annotator: Annotator, inputs: list[Path], scorer_path: Path, corpus: bool
) -> tuple[dict, str]:
    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        for i, path in enumerate(inputs):
            src = path
            if corpus:
                import spacy

                nlp = spacy.blank("nl")
                nlp.add_pipe("sitegen_sentences")
                src = Path(tmp) / f"gold{i}.conll"
                src.write_text(
                    to_conll(nlp, parse_inline(path.read_text(encoding="utf-8"))), encoding="utf-8"
                )
            out = Path(tmp) / f"pred{i}.conll"
            annotate_conll(src, out, annotator)
            parts.append(out.read_text(encoding="utf-8"))
        merged = Path(tmp) / "all.conll"
        merged.write_text("".join(parts), encoding="utf-8")
        scorer = _scorer(scorer_path)
        gold, pred = scorer.load([str(merged)])
        return scorer.score(gold, pred), merged.read_text(encoding="utf-8")


def _spans(rows: list[list[str]], col: int) -> set[tuple[int, int, str]]:
    res: set[tuple[int, int, str]] = set()
    start, cur = 0, ""
    for k, r in enumerate([*rows, ["", "O", "O"]]):
        tag = r[col]
        if cur and not (tag.startswith("I-") and tag[2:] == cur):
            res.add((start, k, cur))
            cur = ""
        if tag.startswith("B-") or (tag.startswith("I-") and not cur):
            start, cur = k, tag[2:]
    return res


def errors(merged: str) -> list[str]:
    """Gold-vs-predicted span differences per sentence, for error analysis."""
    out = []
    for block in merged.split("\n\n"):
        rows = [
            line.split()
            for line in block.splitlines()
            if line and not line.startswith("-DOCSTART-")
        ]
        if not rows:
            continue
        g, p = _spans(rows, 1), _spans(rows, 2)
        for tag, diff in (("MISS", g - p), ("FP  ", p - g)):
            for s, e, lab in sorted(diff):
                context = " ".join(r[0] for r in rows[max(0, s - 4) : e + 3])
                out.append(f"{tag} {lab:4} {' '.join(r[0] for r in rows[s:e])!r}  | {context}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="folder of *.conll gold files")
    ap.add_argument(
        "--corpus", nargs="*", type=Path, help="inline-annotated corpus files to score instead"
    )
    ap.add_argument("--model", default="embedded")
    ap.add_argument("--ablate", action="append", default=[], choices=ABLATIONS)
    ap.add_argument("--scorer", type=Path, default=Path("/work/shared/tools/conll_score.py"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    annotator = make_annotator(args.model, args.ablate)
    inputs = list(args.corpus) if args.corpus else sorted(args.gold.glob("*.conll"))
    res, merged = evaluate(annotator, inputs, args.scorer, bool(args.corpus))
    if args.errors:
        print("\n".join(errors(merged)))
    if args.json:
        print(json.dumps(res, indent=1))
    else:
        o = res["overall"]
        print(f"{'type':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
        print(
            f"{'overall':8} {o['precision']:6.2f} {o['recall']:6.2f} {o['f1']:6.2f} {o['gold']:5d} {o['predicted']:5d}"
        )
        for t, r in sorted(res["per_type"].items()):
            print(
                f"{t:8} {r['precision']:6.2f} {r['recall']:6.2f} {r['f1']:6.2f} {r['gold']:5d} {r['predicted']:5d}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
