"""The object the build talks to: texts in, plain ``Annotation`` data out.

Only this module turns spaCy ``Doc`` objects into ``Mention``/``Annotation`` values, so
nothing spaCy-specific crosses the annotate stage and results pickle cheaply to the
build's worker processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from sitegen.model import Annotation, EntityLabel, Knowledge, Mention
from sitegen.nlp.components import NATIONALITY
from sitegen.nlp.fingerprint import RULES_VERSION, combine  # noqa: F401 - re-exported
from sitegen.nlp.lexicon import lexicon_fingerprint, load_lexicon
from sitegen.nlp.places import GeoIndex

# characters per spaCy Doc: spaCy refuses a text over ``nlp.max_length`` (1,000,000), and
# a pipeline's memory grows with the length of the Doc; a longer article (a transcript, a
# report pasted whole) is annotated in pieces cut at paragraph ends
MAX_DOC_CHARS = 100_000
# texts per ``nlp.pipe`` batch: the model's working memory grows with the batch, not its
# speed. Annotating 640 articles of ~500 words, one process, embedded pipeline: batches of
# 64 peaked at 495 MB, of 16 at 248 MB (8: 204 MB), in the same CPU time (13.3-14.6 s)
# and with the same annotations. With 64, each annotate worker of a cold build touched
# the 500 MB limit by itself.
PIPE_BATCH = 16
_NO_SPACE_BEFORE = frozenset(".,:;!?)]}”’»%…")
_NO_SPACE_AFTER = frozenset("([{„“‘«")


class Annotator:
    """A loaded pipeline plus the gazetteer used to attach country codes to mentions."""

    def __init__(
        self, nlp: Language, pipeline_id: str, geo: GeoIndex, knowledge: Knowledge | None, lang: str = "nl"
    ) -> None:
        self.nlp = nlp
        self.geo = geo
        self.pipeline_id = pipeline_id
        self._actor_country = {
            surface: actor.country
            for actor in (knowledge.actors if knowledge else ())
            if actor.country
            for surface in (actor.name, *actor.aliases)
        }
        self.fingerprint = combine(pipeline_id, geo.fingerprint, knowledge, lexicon_fingerprint(lang))
        self._lexicon = load_lexicon()  # the codes of results lists ("Ned", "GBR"), the same in every language

    # -- build API ---------------------------------------------------------------------
    def annotate(self, texts: Sequence[str]) -> list[Annotation]:
        """One ``Annotation`` per text: sorted, non-overlapping mentions and sentence spans."""
        if all(len(text) <= MAX_DOC_CHARS for text in texts):
            return [self._to_annotation(doc) for doc in self.nlp.pipe(texts, batch_size=PIPE_BATCH)]
        owners: list[tuple[int, int]] = []  # (text number, offset) of each piece
        pieces: list[str] = []
        for number, text in enumerate(texts):
            for offset, piece in pieces_of(text, MAX_DOC_CHARS):
                owners.append((number, offset))
                pieces.append(piece)
        mentions: list[list[Mention]] = [[] for _ in texts]
        sentences: list[list[tuple[int, int]]] = [[] for _ in texts]
        for (number, offset), doc in zip(owners, self.nlp.pipe(pieces, batch_size=PIPE_BATCH), strict=True):
            part = self._to_annotation(doc)
            mentions[number].extend(replace(m, start=m.start + offset, end=m.end + offset) for m in part.mentions)
            sentences[number].extend((start + offset, end + offset) for start, end in part.sentences)
        return [Annotation(tuple(m), tuple(s)) for m, s in zip(mentions, sentences, strict=True)]

    def tag_tokens(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags for pre-tokenised sentences of ONE document, without re-tokenising.

        All sentences go through the pipeline as one ``Doc`` so document context (a full
        name earlier on, an acronym introduced in brackets) helps later sentences.
        """
        words: list[str] = []
        starts: list[bool | int | None] = []
        for sent in sentences:
            for k, word in enumerate(sent):
                words.append(word)
                starts.append(k == 0)
        if not words:
            return [[] for _ in sentences]
        doc = Doc(self.nlp.vocab, words=words, spaces=_guess_spaces(words), sent_starts=starts)
        for name, proc in self.nlp.pipeline:
            if name == "sitegen_sentences":
                continue  # the caller's sentence breaks are the truth here
            doc = proc(doc)
        flat = ["O"] * len(words)
        for ent in doc.ents:
            flat[ent.start] = f"B-{ent.label_}"
            for k in range(ent.start + 1, ent.end):
                flat[k] = f"I-{ent.label_}"
        out: list[list[str]] = []
        pos = 0
        for sent in sentences:
            out.append(flat[pos : pos + len(sent)])
            pos += len(sent)
        return out

    # -- helpers ------------------------------------------------------------------------
    def _to_annotation(self, doc: Doc) -> Annotation:
        mentions = []
        for ent in doc.ents:
            start, end, text = ent.start_char, ent.end_char, ent.text
            if text.endswith(".") and text.count(".") == 1 and len(text) > 2:
                # spaCy keeps a sentence-final period on "VN." / "SpaceX."; it is not the name
                end, text = end - 1, text[:-1]
            mention = self._mention(start, end, ent.label_, text)
            if mention.label == "LOC" and not mention.country and doc.text[start - 1:start] == "(" \
                    and doc.text[end:end + 1] == ")" and (code := self._lexicon.sport_country(text)):
                # "Van Aert (Bel)": a results list's code, the athlete's nationality (rules._sport_codes)
                mention = replace(mention, country=code, nationality=True)
            if ent.kb_id_ == NATIONALITY and mention.label == "MISC" and not mention.nationality:
                mention = replace(mention, nationality=True)
            if mention.label == "MISC" and not mention.nationality and (parts := self._nationalities(mention)):
                mentions.extend(parts)
                continue
            mentions.append(mention)
        return Annotation(mentions=tuple(mentions), sentences=tuple(_sentences(doc)))

    def _nationalities(self, mention: Mention) -> list[Mention]:
        """The nationality words of a compound adjective, each as its own mention of its
        country: "Russisch-Oekraïense" (oorlog) is Russia and Ukraine, "Frans-Duitse" France
        and Germany. As one unknown word it became an actor of its own, and the article was
        filed under neither country. Empty unless the compound divides, longest words first,
        into nationality words of countries (its first parts take the uninflected form the
        gazetteer knows; "Noord-Koreaans" is one).
        The NER span stays one MISC entity: ``tag_tokens`` (CoNLL output) reads the ``Doc``."""
        text = mention.text
        if "-" not in text or " " in text:
            return []
        pieces = text.split("-")
        parts: list[Mention] = []
        offset, k = mention.start, 0
        while k < len(pieces):  # the longest known word first: "Noord-Koreaans-Chinese" is KP and CN
            for j in range(len(pieces), k, -1):
                word = "-".join(pieces[k:j])
                term = self.geo.lookup(word)
                if term is not None and term.nationality and term.country and word != text:
                    parts.append(Mention(offset, offset + len(word), "MISC", word, term.country, True))
                    offset, k = offset + len(word) + 1, j
                    break
            else:
                return []
        return parts

    def _mention(self, start: int, end: int, label: str, text: str) -> Mention:
        country = self._actor_country.get(text, "")
        nationality = False
        if label in ("LOC", "MISC"):
            term = self.geo.lookup(text)
            if term is not None and term.label == label:
                country = country or term.country
                nationality = term.nationality
        lab: EntityLabel = label  # type: ignore[assignment]
        return Mention(start, end, lab, text, country, nationality)


def entity_spans(mentions: Sequence[Mention], text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of the entities as NER found them: a compound adjective that
    ``Annotator._nationalities`` split into its countries ("Russisch" + "Oekraïense") is
    one MISC entity again, as the CoNLL measure counts it. For scoring only."""
    spans: list[tuple[int, int, str]] = []
    previous: Mention | None = None
    for m in mentions:
        if (previous is not None and m.nationality and previous.nationality and m.label == previous.label == "MISC"
                and m.start == previous.end + 1 and text[previous.end] == "-"):
            spans[-1] = (spans[-1][0], m.end, "MISC")
        else:
            spans.append((m.start, m.end, m.label))
        previous = m
    return spans


def pieces_of(text: str, limit: int) -> Iterable[tuple[int, str]]:
    """``text`` as (offset, piece) pieces of at most ``limit`` characters, cut after the
    last paragraph break in reach, else the last line break, sentence end or space (a
    name never spans those), else hard at the limit."""
    offset = 0
    while len(text) - offset > limit:
        window = text[offset : offset + limit]
        cut = next((i + len(mark) for mark in ("\n\n", "\n", ". ", " ") if (i := window.rfind(mark)) > 0), limit)
        yield offset, text[offset : offset + cut]
        offset += cut
    yield offset, text[offset:]


def _sentences(doc: Doc) -> Iterable[tuple[int, int]]:
    for sent in doc.sents:
        tokens = [t for t in sent if not t.is_space]
        if tokens:
            yield tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _guess_spaces(words: Sequence[str]) -> list[bool]:
    """Plausible whitespace for given tokens; only character offsets depend on it."""
    spaces = [True] * len(words)
    for i, word in enumerate(words):
        if word in _NO_SPACE_AFTER:
            spaces[i] = False
        if (
            i + 1 < len(words)
            and words[i + 1]
            and words[i + 1][0] in _NO_SPACE_BEFORE
            and len(words[i + 1]) == 1
        ):
            spaces[i] = False
    spaces[-1] = False
    return spaces
