"""The NLP pipeline's fingerprint, computed without loading spaCy.

The annotation cache is keyed on it, and a no-op rebuild must not pay seconds of model
loading just to learn that nothing changed. The same function names the pipeline inside
``Annotator``, so the cheap and the loaded fingerprint can never disagree (a test checks).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from importlib import resources
from pathlib import Path

from sitegen.codehash import rules_fingerprint
from sitegen.model import Knowledge

EMBEDDED = "embedded"
# The rules' code, part of the fingerprint: a changed rule refreshes the cache by itself.
# (Until session 11 this was a number bumped by hand: "nlp-rules-1", then "-2".)
RULES_VERSION = "nlp-rules:" + rules_fingerprint()


def embedded_model_dir(lang: str) -> Path | None:
    """The trained pipeline that ships inside the package, if any for ``lang``."""
    path = Path(str(resources.files("sitegen.nlp").joinpath("model", lang)))
    return path if (path / "meta.json").is_file() else None


def weights_digest(path: Path) -> str:
    """Hash of the shipped weights: a retrained model must invalidate the annotation cache
    even when nobody bumped its version (about 3 MB, a few milliseconds)."""
    digest = hashlib.sha256()
    for file in sorted(path.rglob("model")):
        digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def embedded_ident(lang: str, use_ner: bool = True) -> str:
    path = embedded_model_dir(lang)
    if path is None or not use_ner:
        return f"embedded-{lang}:rules-2"  # 2: hyphenated words kept whole (pipeline._hyphenated_words_whole)
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    return f"embedded-{lang}:{meta.get('name', '')}-{meta.get('version', '')}:{weights_digest(path)}"


def meta_ident(meta: dict, model: str) -> str:
    """How an installed or pathed pipeline is named: its ``meta.json``, plus for a pipeline
    folder the hash of its weights (a retrained folder rarely bumps its version)."""
    ident = f"{meta.get('lang', '')}_{meta.get('name', model)}:{meta.get('version', '')}"
    path = Path(model)
    return f"{ident}:{weights_digest(path)}" if path.is_dir() else ident


def _installed_meta(model: str) -> dict | None:
    path = Path(model)
    candidates: list[Path] = []
    if path.is_dir():
        candidates.append(path / "meta.json")
    else:
        try:
            spec = importlib.util.find_spec(model)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.submodule_search_locations:
            root = Path(next(iter(spec.submodule_search_locations)))
            candidates.append(root / "meta.json")
            candidates.extend(sorted(root.glob("*/meta.json")))
    for candidate in candidates:
        if candidate.is_file():
            return json.loads(candidate.read_text(encoding="utf-8"))
    return None


def geo_fingerprint(lang: str) -> str:
    try:
        from sitegen.geo import load_gazetteer
    except ImportError:
        return "no-geo"
    try:
        return str(load_gazetteer(lang).fingerprint)
    except (LookupError, ValueError, FileNotFoundError):
        return f"no-geo-{lang}"


def combine(pipeline_id: str, geo_fp: str, knowledge: Knowledge | None, lexicon_fp: str) -> str:
    parts = (pipeline_id, geo_fp, knowledge.fingerprint if knowledge else "", lexicon_fp, RULES_VERSION)
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


def pipeline_fingerprint(model: str, lang: str, knowledge: Knowledge | None) -> str:
    """The fingerprint ``load_annotator(model, lang, knowledge)`` would have, cheaply.

    A model that is not installed gets a fingerprint too; loading it later raises the
    clear ``ModelNotInstalledError``.
    """
    from sitegen.nlp.lexicon import lexicon_fingerprint

    if model == EMBEDDED:
        ident = embedded_ident(lang)
    else:
        meta = _installed_meta(model)
        ident = meta_ident(meta, model) if meta is not None else f"missing:{model}"
    return combine(ident, geo_fingerprint(lang), knowledge, lexicon_fingerprint(lang))
