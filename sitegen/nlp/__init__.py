"""NER for sitegen: an embedded Dutch pipeline that needs no download, or an installed one.

``load_annotator`` is the only entry point the build uses to annotate; ``model`` is
``"embedded"`` (rules + gazetteer + the small CNN shipped in ``sitegen/nlp/model``), the
name of an installed spaCy pipeline package, or a path to a pipeline directory.
``pipeline_fingerprint`` names the same pipeline without loading it. spaCy is imported
only when a pipeline is actually loaded, so a no-op rebuild never pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.model import Knowledge
from sitegen.nlp.fingerprint import EMBEDDED, RULES_VERSION, pipeline_fingerprint

if TYPE_CHECKING:
    from sitegen.nlp.annotator import Annotator

__all__ = ["EMBEDDED", "RULES_VERSION", "Annotator", "load_annotator", "pipeline_fingerprint"]


def load_annotator(
    model: str = EMBEDDED, lang: str = "nl", knowledge: Knowledge | None = None
) -> Annotator:
    """Load the pipeline once; raises ``ModelNotInstalledError`` for a missing model."""
    from sitegen.nlp.annotator import Annotator
    from sitegen.nlp.pipeline import build_pipeline
    from sitegen.nlp.places import load_geo

    geo = load_geo(lang)
    spec = build_pipeline(model, lang, geo, knowledge)
    return Annotator(spec.nlp, spec.ident, geo, knowledge, lang)


def __getattr__(name: str):  # lazy re-export of the class for callers
    if name == "Annotator":
        from sitegen.nlp.annotator import Annotator

        return Annotator
    raise AttributeError(name)
