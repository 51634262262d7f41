"""``sitegen annotate ARTICLE``: the entities of one article, as a table or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .annotate import Annotator
from .config import SiteConfig
from .geo import country_surface_names, load_gazetteer
from .link.actors import resolve_actors
from .load import read_article
from .model import AnnotatedArticle, Knowledge


def annotate_file(path: Path, config: SiteConfig, knowledge: Knowledge, annotator_for: Callable[[str], Annotator],
                  as_json: bool) -> None:
    """Print the entities of one article; ``annotator_for(lang)`` loads the pipeline for its language."""
    root = path.resolve().parent
    article = read_article(path.resolve(), root, config.language, config.markdown_html)
    (annotation,) = annotator_for(article.lang).annotate([article.text])
    gazetteer = load_gazetteer(config.language)
    index = resolve_actors(
        [AnnotatedArticle(article, annotation)], knowledge, gazetteer.country_name,
        country_names=country_surface_names(gazetteer), place_name=gazetteer.place_name, language=config.language,
    )
    rows = [
        {"text": rm.mention.text, "label": rm.mention.label, "start": rm.mention.start, "end": rm.mention.end,
         "actor": index.actors[rm.actor_id].name if rm.actor_id in index.actors else "",
         "actor_id": rm.actor_id, "country": rm.mention.country}
        for rm in index.mentions[0]
    ]
    if as_json:
        print(json.dumps({"file": str(path), "title": article.title, "entities": rows}, ensure_ascii=False, indent=2))
        return
    width = max([len(r["text"]) for r in rows] + [4])
    print(f"{'text':<{width}}  type  {'start':>6} {'end':>6}  actor")
    for r in rows:
        print(f"{r['text']:<{width}}  {r['label']:<4}  {r['start']:>6} {r['end']:>6}  {r['actor']}")
