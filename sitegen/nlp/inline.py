"""Read the training corpus format: ``[TYPE text]`` marks inline (training/GUIDELINES.md).

Turns one annotated file into the plain text plus character spans, and into the CoNLL
form the evaluation uses, so corpus files can be held out and scored exactly like the
gold development set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

_MARK = re.compile(r"\[(PER|ORG|LOC|MISC) ([^\[\]]+?)\]")


@dataclass(frozen=True, slots=True)
class InlineDoc:
    text: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end, label) character offsets


def parse_inline(source: str) -> InlineDoc:
    """Strip the marks; spans point into the stripped text."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(source):
        before = source[pos : m.start()]
        out.append(before)
        length += len(before)
        label, surface = m.group(1), m.group(2)
        spans.append((length, length + len(surface), label))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(source[pos:])
    return InlineDoc("".join(out), tuple(spans))


def to_doc(nlp: Language, item: InlineDoc) -> tuple[Doc, int]:
    """Tokenised ``Doc`` with the gold spans as ``doc.ents``; returns misaligned-span count."""
    doc = nlp.make_doc(item.text)
    ents = []
    missed = 0
    for start, end, label in item.spans:
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        if span is None:
            # "van de VN." is one token: spaCy only splits a final period after lowercase
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None and span.end_char - end > 1:
                span = None
        if span is None:
            missed += 1
            continue
        ents.append(span)
    doc.ents = ents
    return doc, missed


def to_conll(nlp: Language, item: InlineDoc) -> str:
    """CoNLL ``token tag`` lines with sentence breaks from ``sitegen_sentences``."""
    doc, _ = to_doc(nlp, item)
    doc = nlp.get_pipe("sitegen_sentences")(doc) if "sitegen_sentences" in nlp.pipe_names else doc
    lines = ["-DOCSTART- -X- O", ""]
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        if not toks:
            continue
        for t in toks:
            tag = "O" if not t.ent_iob_ or t.ent_iob_ == "O" else f"{t.ent_iob_}-{t.ent_type_}"
            lines.append(f"{t.text} {tag}")
        lines.append("")
    return "\n".join(lines) + "\n"
