"""spaCy components of the sitegen pipeline, declared so the pipeline can check them.

- ``sitegen_sentences``: sentence starts after final punctuation and at paragraph breaks
  (a blank ``nl`` pipeline has no parser; intertitles have no final punctuation).
- ``sitegen_entities``: gazetteer + lexicon + knowledge PhraseMatcher, then the Dutch name
  rules of :mod:`sitegen.nlp.rules` on top of whatever a statistical ``ner`` proposed.

Data (lexicon, gazetteer, knowledge) is handed to the entities component with
``configure`` after ``add_pipe``: it is Python objects, not config-serialisable values.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.tokens import Doc, Span

from sitegen.model import EntityLabel, Knowledge
from sitegen.nlp.lexicon import Lexicon
from sitegen.nlp.places import GeoIndex
from sitegen.nlp.rules import Resolver
from sitegen.nlp.shapes import KNOWLEDGE, LEXICON, MODEL, PLACE, SENT_END, Candidate
from sitegen.nlp.terms import TermMatcher

NATIONALITY = "nationality"  # Span.kb_id marker for NORP spans of pretrained pipelines
CLOSERS = frozenset({"”", "’", '"', "'", ")", "»", "›"})

# Labels of pretrained pipelines (OntoNotes style and CoNLL style) → ours; others dropped.
DEFAULT_LABEL_MAP: dict[str, str] = {
    "PERSON": "PER",
    "PER": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "ORG": "ORG",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "LAW": "MISC",
    "WORK_OF_ART": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}


@Language.component("sitegen_sentences", assigns=["token.is_sent_start"])
def sitegen_sentences(doc: Doc) -> Doc:
    """Start a sentence after . ! ? … (and any closing quotes) and after a line break.

    Written with ``Doc.from_array``: setting ``token.is_sent_start`` one token at a time
    is quadratic in spaCy (each assignment re-checks the whole document).
    """
    if not len(doc):
        return doc
    flags = numpy.full(len(doc), -1, dtype="int64")
    start = True
    prev = ""
    for i, text in enumerate(t.text for t in doc):
        if not text.strip():
            start = start or "\n" in text
            continue
        if text in CLOSERS and prev in SENT_END:
            prev = text  # „Goed.” — the quote closes the sentence that just ended
            continue
        if start:
            flags[i] = 1
            start = False
        if text in SENT_END:
            start = True
        prev = text
    flags[0] = 1
    doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
    return doc


class EntityComponent:
    """Matches known names and applies the name rules; writes ``doc.ents``."""

    def __init__(
        self, nlp: Language, name: str, fill: str, use_model: bool, label_map: dict[str, str]
    ) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self.fill = fill
        self.use_model = use_model
        self.label_map = dict(label_map)
        self.matcher = TermMatcher()
        self.resolver: Resolver | None = None
        self.never: frozenset[str] = frozenset()
        self.geo: GeoIndex | None = None

    def configure(
        self,
        lex: Lexicon,
        geo: GeoIndex,
        knowledge: Knowledge | None,
        use_geo: bool = True,
        use_lexicon: bool = True,
    ) -> None:
        """Build the matchers from the lexicon, the gazetteer and the knowledge file."""
        self.resolver = Resolver(lex, fill=self.fill)
        self.geo = geo
        groups: dict[tuple[str, int], list[str]] = {}
        labels: dict[str, EntityLabel] = {}
        if use_lexicon:
            for entry_label, surface in lex.entries:
                groups.setdefault((entry_label, LEXICON), []).append(surface)
        if use_geo:
            for term in geo.terms.values():
                # Countries and demonyms are unambiguous; a town may be a surname or a
                # club ("Santos", "Dortmund"): let the statistical model overrule those.
                prio = LEXICON if term.kind in ("country", "nationality", "continent") else PLACE
                groups.setdefault((term.label, prio), []).append(term.surface)
        if knowledge is not None:
            for actor in knowledge.actors:
                for surface in (actor.name, *actor.aliases):
                    groups.setdefault((actor.label, KNOWLEDGE), []).append(surface)
                    labels[surface] = actor.label
            for variant, canonical in knowledge.merges:  # a merge variant is a name too
                if canonical in labels:
                    groups.setdefault((labels[canonical], KNOWLEDGE), []).append(variant)
            self.never = frozenset(knowledge.never_tag)
        for (label, prio), surfaces in groups.items():
            self.matcher.add(sorted(set(surfaces)), label, prio, self._tokenize)

    def _tokenize(self, text: str) -> list[str]:
        return [t.text for t in self.tokenizer(text)]

    def __call__(self, doc: Doc) -> Doc:
        if self.resolver is None:
            raise RuntimeError(
                "sitegen_entities used before configure(); build it with sitegen.nlp.load_annotator"
            )
        words = [t.text for t in doc]
        starts = [bool(t.is_sent_start) for t in doc]
        matches = self.matcher.find(words)
        model: list[Candidate] = []
        norp: set[tuple[int, int]] = set()
        if self.use_model:
            for ent in doc.ents:
                label = self.label_map.get(ent.label_)
                if label:
                    model.append(Candidate(ent.start, ent.end, label, MODEL))
                if ent.label_ == "NORP":
                    norp.add((ent.start, ent.end))
        found = self.resolver.resolve(words, starts, matches, model, self.never)
        # A pretrained pipeline's NORP ("Koerdische") is a nationality word even where
        # our gazetteer has no country for it; kb_id carries that to the annotator.
        doc.ents = [
            Span(
                doc,
                c.start,
                c.end,
                label=c.label,
                kb_id=NATIONALITY if (c.start, c.end) in norp else "",
            )
            for c in found
        ]
        return doc


@Language.factory(
    "sitegen_entities",
    assigns=["doc.ents"],
    default_config={"fill": "all", "use_model": True, "label_map": DEFAULT_LABEL_MAP},
)
def make_entities(
    nlp: Language, name: str, fill: str, use_model: bool, label_map: dict[str, str]
) -> EntityComponent:
    return EntityComponent(nlp, name, fill, use_model, label_map)
