#!/usr/bin/env python3
"""Score actor resolution on the gold development set: pairwise coreference P/R/F1.

    python scripts/eval_actors.py                      # gold spans as NER output
    python scripts/eval_actors.py --spans predicted    # spans from the embedded NER
    python scripts/eval_actors.py --errors             # list wrongly joined / split pairs
    python scripts/eval_actors.py --gold DIR --json

All articles are resolved as one corpus. For PER and ORG gold mentions whose span the
system found exactly, every pair of mentions is a decision "same actor or not"; the
gold says yes when both carry the same ``actor``. Pairs are scored within one article,
across articles, and overall, per label (both mentions of that gold label) and for
PER+ORG together.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.link.actors import resolve_actors
from sitegen.model import (
    AnnotatedArticle,
    Annotation,
    ArticleDate,
    Knowledge,
    Mention,
    SourceArticle,
)

DEFAULT_GOLD = Path("/work/shared/gold/dev")
LABELS = ("PER", "ORG")


def load_gold(folder: Path) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(name, text with the date line blanked, spans) per article; offsets stay valid."""
    items = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        name = gold_path.name.removesuffix(".gold.json")
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        first = text.find("\n")
        text = " " * first + text[first:] if text.startswith("date") and first > 0 else text
        items.append((name, text, json.loads(gold_path.read_text(encoding="utf-8"))["spans"]))
    return items


def _geo() -> tuple[
    Callable[[str], str], Callable[[Mention], Mention], Callable[[str], list[str]] | None
]:
    """Country names and gazetteer lookups when sitegen.geo exists; pycountry otherwise."""
    try:
        from sitegen.geo.countries import mention_place
        from sitegen.geo.gazetteer import load_gazetteer
    except ImportError:
        import pycountry

        def name(code: str) -> str:
            country = pycountry.countries.get(alpha_2=code)
            return country.name if country else code

        return name, lambda m: m, None
    gaz = load_gazetteer("nl")
    by_code: dict[str, list[str]] = defaultdict(list)
    for place in gaz.entries():
        if place.kind == "country":
            by_code[place.code].append(place.surface)

    def locate(m: Mention) -> Mention:
        place = mention_place(m, gaz)
        if place is None or not place.code:
            return m
        nationality = place.kind == "nationality"
        return Mention(m.start, m.end, m.label, m.text, place.code, nationality)

    return gaz.country_name, locate, lambda code: by_code.get(code, [])


def gold_annotations(
    items: Sequence[tuple[str, str, list[dict[str, Any]]]], locate: Callable[[Mention], Mention]
) -> list[Annotation]:
    out = []
    for _, _, spans in items:
        mentions = [locate(Mention(s["start"], s["end"], s["label"], s["text"])) for s in spans]
        out.append(Annotation(tuple(sorted(mentions, key=lambda m: (m.start, m.end)))))
    return out


def predicted_annotations(
    items: Sequence[tuple[str, str, list[dict[str, Any]]]],
) -> list[Annotation]:
    try:
        from sitegen.nlp import load_annotator
    except ImportError as exc:
        sys.exit(
            f"--spans predicted needs the NER (sitegen.nlp.load_annotator), not available yet: {exc}"
        )
    annotator = load_annotator("embedded")
    return list(annotator.annotate([text for _, text, _ in items]))


def corpus(
    items: Sequence[tuple[str, str, list[dict[str, Any]]]], annotations: Sequence[Annotation]
) -> list[AnnotatedArticle]:
    articles = []
    for (name, text, _), annotation in zip(items, annotations):
        source = SourceArticle(
            path=f"{name}.txt",
            source_format="seed",
            slug=name,
            title=name,
            date=ArticleDate(2000, 1),
            lang="nl",
            text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
        )
        articles.append(AnnotatedArticle(source, annotation))
    return articles


def _pairs(counter: Counter[Any]) -> int:
    return sum(n * (n - 1) // 2 for n in counter.values())


def score(points: Sequence[tuple[int, str, str, str]]) -> dict[str, dict[str, float]]:
    """points: (article, gold label, gold actor, predicted actor id) → P/R/F1 by scope."""
    result: dict[str, dict[str, float]] = {}
    for label in (*LABELS, "PER+ORG"):
        chosen = [p for p in points if label == "PER+ORG" or p[1] == label]
        totals = {"gold": 0, "pred": 0, "tp": 0}
        within = {"gold": 0, "pred": 0, "tp": 0}
        gold_all: Counter[str] = Counter(p[2] for p in chosen)
        pred_all: Counter[str] = Counter(p[3] for p in chosen)
        both_all: Counter[tuple[str, str]] = Counter((p[2], p[3]) for p in chosen)
        totals.update(gold=_pairs(gold_all), pred=_pairs(pred_all), tp=_pairs(both_all))
        for article in {p[0] for p in chosen}:
            here = [p for p in chosen if p[0] == article]
            within["gold"] += _pairs(Counter(p[2] for p in here))
            within["pred"] += _pairs(Counter(p[3] for p in here))
            within["tp"] += _pairs(Counter((p[2], p[3]) for p in here))
        across = {k: totals[k] - within[k] for k in totals}
        for scope, c in (("within", within), ("across", across), ("overall", totals)):
            p = c["tp"] / c["pred"] if c["pred"] else 1.0
            r = c["tp"] / c["gold"] if c["gold"] else 1.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            result[f"{label} {scope}"] = {
                "P": p,
                "R": r,
                "F1": f,
                "gold_pairs": c["gold"],
                "mentions": len(chosen),
            }
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--spans", choices=("gold", "predicted"), default="gold")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--errors", action="store_true", help="list clusters that are wrongly split or joined"
    )
    args = parser.parse_args(argv)
    items = load_gold(args.gold)
    country_name, locate, country_names = _geo()
    annotations = (
        gold_annotations(items, locate) if args.spans == "gold" else predicted_annotations(items)
    )
    index = resolve_actors(
        corpus(items, annotations), Knowledge(), country_name, country_names=country_names
    )
    points = []
    found = total = 0
    for a, ((_, _, spans), resolved) in enumerate(zip(items, index.mentions)):
        ids = {(r.mention.start, r.mention.end): r.actor_id for r in resolved}
        for s in spans:
            if s["label"] in LABELS:
                total += 1
                if (s["start"], s["end"]) in ids:
                    found += 1
                    points.append(
                        (a, s["label"], s["actor"], ids[(s["start"], s["end"])], s["text"])
                    )
    result = score([p[:4] for p in points])
    if args.json:
        print(
            json.dumps(
                {"spans": args.spans, "found": found, "total": total, "scores": result}, indent=2
            )
        )
    else:
        print(f"spans={args.spans}  PER/ORG gold mentions found exactly: {found}/{total}")
        print(f"{'':18}{'P':>7}{'R':>7}{'F1':>7}{'pairs':>8}")
        for key, v in result.items():
            print(f"{key:18}{v['P']:7.3f}{v['R']:7.3f}{v['F1']:7.3f}{v['gold_pairs']:8d}")
    if args.errors:
        by_gold: dict[str, Counter[str]] = defaultdict(Counter)
        by_pred: dict[str, Counter[str]] = defaultdict(Counter)
        for a, _, gold, pred, text in points:
            by_gold[gold][f"{pred} ({items[a][0]}:{text})"] += 1
            by_pred[pred][gold] += 1
        print("\nsplit (one gold actor, several ids):")
        for gold, preds in sorted(by_gold.items()):
            if len({k.split(" (")[0] for k in preds}) > 1:
                print(f"  {gold}: {dict(preds)}")
        print("\njoined (one id, several gold actors):")
        for pred, golds in sorted(by_pred.items()):
            if len(golds) > 1:
                print(f"  {pred}: {dict(golds)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
