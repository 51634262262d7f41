"""Score article -> countries on gold articles: micro P/R/F1 of the country sets, primary accuracy.

    python scripts/eval_countries.py --spans gold        # gold spans as mentions: the country logic alone
    python scripts/eval_countries.py --spans predicted   # mentions from sitegen.nlp's embedded annotator

Each article is ``NAME.txt`` (``date`` line, blank line, paragraphs) with ``NAME.gold.json``
(``spans`` with offsets into the .txt, ``countries``, ``primary_country``; "-" = none).
The lead is the first paragraph after the date line; the articles have no title header,
so their title is derived from the lead and is not passed separately.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.geo import Gazetteer, article_countries, load_gazetteer
from sitegen.model import Mention

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "dev"


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    text: str  # the whole .txt file; offsets point into it
    body_start: int  # where the article text (after the date line) starts
    lead_end: int
    spans: tuple[Mention, ...]
    countries: frozenset[str]
    primary: str  # "" when the gold says "-"


def read_gold(directory: Path) -> list[GoldArticle]:
    articles = []
    for gold_path in sorted(directory.glob("*.gold.json")):
        name = gold_path.name.removesuffix(".gold.json")
        text = (directory / f"{name}.txt").read_text(encoding="utf-8")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        body_start = text.index("\n") + 1
        while text.startswith("\n", body_start):
            body_start += 1
        lead_end = text.find("\n\n", body_start)
        spans = tuple(Mention(s["start"], s["end"], s["label"], s["text"]) for s in gold["spans"])
        primary = gold["primary_country"]
        articles.append(
            GoldArticle(
                name,
                text,
                body_start,
                len(text) if lead_end < 0 else lead_end,
                spans,
                frozenset(gold["countries"]),
                "" if primary in ("-", "") else primary,
            )
        )
    return articles


def predicted_mentions(articles: Sequence[GoldArticle]) -> list[tuple[Mention, ...]]:
    """Mentions from the embedded annotator, shifted to .txt offsets."""
    try:
        from sitegen.nlp import load_annotator
    except ImportError as exc:
        raise SystemExit(
            f"--spans predicted needs sitegen.nlp.load_annotator, which is not importable yet ({exc}); "
            "use --spans gold until the NLP package lands"
        ) from exc
    annotator = load_annotator("embedded")
    annotations = annotator.annotate([a.text[a.body_start :] for a in articles])
    shifted = []
    for article, annotation in zip(articles, annotations, strict=True):
        offset = article.body_start
        shifted.append(
            tuple(
                Mention(m.start + offset, m.end + offset, m.label, m.text, m.country, m.nationality)
                for m in annotation.mentions
            )
        )
    return shifted


def evaluate(
    articles: Sequence[GoldArticle],
    mentions: Sequence[Sequence[Mention]],
    gazetteer: Gazetteer,
    verbose: bool,
) -> dict[str, float]:
    tp = fp = fn = primary_ok = 0
    for article, found in zip(articles, mentions, strict=True):
        codes, primary = article_countries(found, "", article.lead_end, (), gazetteer)
        predicted = set(codes)
        tp += len(predicted & article.countries)
        fp += len(predicted - article.countries)
        fn += len(article.countries - predicted)
        primary_ok += primary == article.primary
        if verbose and (predicted != article.countries or primary != article.primary):
            extra = ",".join(sorted(predicted - article.countries))
            missing = ",".join(sorted(article.countries - predicted))
            print(
                f"  {article.name}: +[{extra}] -[{missing}] primary {primary or '-'} (gold {article.primary or '-'})"
            )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(articles),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "primary_accuracy": primary_ok / len(articles) if articles else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", choices=("gold", "predicted"), default="gold")
    parser.add_argument(
        "--gold", type=Path, default=DEFAULT_GOLD, help="folder of NAME.txt + NAME.gold.json"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list the articles that differ"
    )
    args = parser.parse_args(argv)
    articles = read_gold(args.gold)
    if not articles:
        print(f"no *.gold.json files in {args.gold}", file=sys.stderr)
        return 1
    mentions = [a.spans for a in articles] if args.spans == "gold" else predicted_mentions(articles)
    scores = evaluate(articles, mentions, load_gazetteer("nl"), args.verbose)
    print(
        f"spans={args.spans} articles={scores['articles']:.0f} "
        f"P={scores['precision']:.3f} R={scores['recall']:.3f} F1={scores['f1']:.3f} "
        f"primary={scores['primary_accuracy']:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
