"""NER for sitegen: an embedded Dutch pipeline that needs no download, or an installed one.

``load_annotator`` is the only entry point the build uses. ``model`` is ``"embedded"``
(rules + gazetteer + the small CNN shipped in ``sitegen/nlp/model``), the name of an
installed spaCy pipeline package, or a path to a pipeline directory.
"""

from __future__ import annotations

from sitegen.model import Knowledge
from sitegen.nlp.annotator import RULES_VERSION, Annotator
from sitegen.nlp.pipeline import EMBEDDED, build_pipeline
from sitegen.nlp.places import load_geo

__all__ = ["EMBEDDED", "RULES_VERSION", "Annotator", "load_annotator"]


def load_annotator(
    model: str = EMBEDDED, lang: str = "nl", knowledge: Knowledge | None = None
) -> Annotator:
    """Load the pipeline once; raises ``ModelNotInstalledError`` for a missing model."""
    geo = load_geo(lang)
    spec = build_pipeline(model, lang, geo, knowledge)
    return Annotator(spec.nlp, spec.ident, geo, knowledge)
