"""CoNLL in, CoNLL out: ``token gold`` lines → ``token gold predicted`` lines.

Used by ``sitegen annotate`` and ``scripts/eval_ner.py``. Tokens are annotated exactly as
given (no re-tokenisation) so the output aligns with the gold file line by line, and all
sentences of one document (between ``-DOCSTART-`` lines) are tagged together so document
context helps. The output is what ``conll_score.py`` reads (tag = last column).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class TokenTagger(Protocol):
    def tag_tokens(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]: ...


@dataclass(frozen=True, slots=True)
class Row:
    """One token line: the token and its gold tag (last column; "O" when absent)."""

    token: str
    gold: str


# A document is a list of sentences; a sentence a list of rows. DOCSTART lines are kept
# as markers so the output mirrors the input layout.
Document = list[list[Row]]


def read_conll(text: str) -> list[tuple[bool, Document]]:
    """Split into (has_docstart, sentences) documents; extra middle columns are ignored."""
    docs: list[tuple[bool, Document]] = []
    current: Document = []
    sent: list[Row] = []
    has_start = False

    def close_sentence() -> None:
        nonlocal sent
        if sent:
            current.append(sent)
            sent = []

    for line in text.splitlines():
        cols = line.split()
        if not cols:
            close_sentence()
            continue
        if cols[0] == "-DOCSTART-":
            close_sentence()
            if current or has_start:
                docs.append((has_start, current))
            current, has_start = [], True
            continue
        sent.append(Row(cols[0], cols[-1] if len(cols) > 1 else "O"))
    close_sentence()
    if current or has_start:
        docs.append((has_start, current))
    return docs


def annotate_conll(in_path: str | Path, out_path: str | Path, annotator: TokenTagger) -> None:
    """Write ``token gold predicted`` for every token of ``in_path`` to ``out_path``."""
    docs = read_conll(Path(in_path).read_text(encoding="utf-8"))
    lines: list[str] = []
    for has_start, sentences in docs:
        if has_start:
            lines.append("-DOCSTART- -X- O O")
            lines.append("")
        tags = annotator.tag_tokens([[row.token for row in sent] for sent in sentences])
        for sent, sent_tags in zip(sentences, tags):
            for row, tag in zip(sent, sent_tags):
                lines.append(f"{row.token} {row.gold} {tag}")
            lines.append("")
    Path(out_path).write_text("\n".join(lines) + "\n", encoding="utf-8")
