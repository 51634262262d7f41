"""Build the spaCy pipeline: the embedded default or an installed/pathed pretrained one.

Never downloads anything: a configured pipeline that is not installed is a
``ModelNotInstalledError`` that tells the user the command to install it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from sitegen.errors import ModelNotInstalledError
from sitegen.model import Knowledge
from sitegen.nlp.components import EntityComponent  # importing registers the factories
from sitegen.nlp.fingerprint import EMBEDDED, embedded_ident, embedded_model_dir, meta_ident
from sitegen.nlp.lexicon import lexicon_for
from sitegen.nlp.places import GeoIndex

# Components of pretrained pipelines we do not need for NER; disabling them keeps the
# speed target (the parser alone costs more than the rest together).
_UNUSED = (
    "parser",
    "tagger",
    "morphologizer",
    "lemmatizer",
    "attribute_ruler",
    "trainable_lemmatizer",
)


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """What was loaded, for the fingerprint: name and version of the statistical part."""

    nlp: Language
    ident: str  # e.g. "embedded-nl:ner-1.0" or "nl_core_news_sm:3.8.0"


def _install_hint(name: str) -> str:
    return (
        f"spaCy pipeline {name!r} is not installed. Install it with "
        f"'python -m spacy download {name}' (or 'pip install {name}'), "
        f"or set the model to 'embedded' to use the built-in pipeline."
    )


def load_spacy(model: str, lang: str, use_ner: bool = True) -> PipelineSpec:
    """Load the statistical part: embedded model, an installed package, or a path."""
    if model == EMBEDDED:
        path = embedded_model_dir(lang)
        if path is None or not use_ner:
            return PipelineSpec(_hyphenated_words_whole(spacy.blank(lang)), embedded_ident(lang, use_ner))
        return PipelineSpec(spacy.load(path), embedded_ident(lang))
    looks_like_path = "/" in model or "\\" in model or model.startswith(".")
    path = Path(model)
    if path.exists():
        if not (path / "config.cfg").is_file():
            raise ModelNotInstalledError(
                f"{model}: not a spaCy pipeline directory (no config.cfg found)"
            )
        nlp = spacy.load(path)
    elif looks_like_path:
        raise ModelNotInstalledError(f"{model}: no spaCy pipeline at this path")
    elif spacy.util.is_package(model):
        nlp = spacy.load(model)
    else:
        raise ModelNotInstalledError(_install_hint(model))
    meta = nlp.meta
    ident = meta_ident(meta, model)
    for name in _UNUSED:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    return PipelineSpec(nlp, ident)


def _hyphenated_words_whole(nlp: Language) -> Language:
    """A blank pipeline that keeps "Kassym-Jomart" and "Jean-Luc" one token, as the Dutch
    and German tokenizers do: the English and French ones split letters at a hyphen, and
    rules that find names by their capitals then see two names ("Kassym", "Jomart
    Tokayev"). Only the tokenizer's own infix rules that split there are dropped."""
    infixes = [rule for rule in nlp.Defaults.infixes or () if not _splits_at_hyphen(rule)]
    if len(infixes) != len(nlp.Defaults.infixes or ()):
        nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    return nlp


_HYPHENATED = "Kassym-Jomart"


def _splits_at_hyphen(rule: str) -> bool:
    hyphen = _HYPHENATED.index("-")
    return any(match.start() == hyphen for match in re.finditer(rule, _HYPHENATED))


# Languages that write every noun with a capital: a capitalised word there is no sign of
# a name ("Die Polizei meldete keine Zwischenfälle").
NOUNS_CAPITALISED = frozenset({"de", "lb"})


def default_fill(lang: str, has_ner: bool) -> str:
    """Which capitalised runs the name rules type (``rules.Resolver``). With a trained
    model, only those with evidence besides their capitals (a title, a known given name,
    a gazetteer or lexicon entry, an earlier mention); without one, every run that is not
    an ordinary word, except in a language that capitalises its nouns, where that would
    make a person of every noun: there too only runs with evidence ("nouns"), and a run
    that reaches a known given name starts there ("Der Maler Gerhard Richter")."""
    if has_ner:
        return "strong"
    return "nouns" if lang in NOUNS_CAPITALISED else "all"


def build_pipeline(
    model: str,
    lang: str,
    geo: GeoIndex,
    knowledge: Knowledge | None,
    use_ner: bool = True,
    fill: str = "",
    use_geo: bool = True,
    use_lexicon: bool = True,
) -> PipelineSpec:
    """The full pipeline: statistical part + sentences + sitegen_entities on top.

    ``use_ner``/``use_geo``/``use_lexicon``/``fill`` exist to measure each component's
    contribution (``scripts/eval_ner.py --ablate``); the defaults are the shipped setup.
    """
    spec = load_spacy(model, lang, use_ner=use_ner)
    nlp = spec.nlp
    has_ner = "ner" in nlp.pipe_names and use_ner
    if (
        not any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer"))
        or "parser" in nlp.disabled
    ):
        nlp.add_pipe("sitegen_sentences", first=True)
    ent = nlp.add_pipe(
        "sitegen_entities",
        last=True,
        config={"fill": fill or default_fill(lang, has_ner), "use_model": has_ner},
    )
    if not isinstance(ent, EntityComponent):  # pragma: no cover - guards the factory name
        raise TypeError(f"sitegen_entities built {type(ent).__name__}")
    ent.configure(lexicon_for(lang), geo, knowledge, use_geo=use_geo, use_lexicon=use_lexicon)
    return spec
