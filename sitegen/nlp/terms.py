"""A dictionary matcher over token strings: known names → (start, end, label, priority).

Used instead of spaCy's PhraseMatcher for the gazetteer (≈11k names): building a
PhraseMatcher tokenises every pattern and creates a lexeme per new word, which alone cost
more than a second of load time, while matching here is one dict lookup per token.
Plain names are split on whitespace, which is how the tokenizer splits them too
("Guinee-Bissau", "Sint-Petersburg" stay one token); names with other punctuation
("'s-Hertogenbosch", "Bahama's", "Johnson & Johnson") go through the pipeline's own
tokenizer, so patterns and texts always agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sitegen.nlp.shapes import Candidate

_PLAIN = re.compile(r"[^\W_]+(?:[- ][^\W_]+)*")


@dataclass(slots=True)
class TermMatcher:
    """First token → patterns starting with it, longest first."""

    _index: dict[str, list[tuple[tuple[str, ...], str, int]]] = field(default_factory=dict)

    def add(
        self,
        surfaces: Iterable[str],
        label: str,
        priority: int,
        tokenize: Callable[[str], list[str]],
    ) -> None:
        for surface in surfaces:
            toks = tuple(surface.split() if _PLAIN.fullmatch(surface) else tokenize(surface))
            if not toks:
                continue
            bucket = self._index.setdefault(toks[0], [])
            bucket.append((toks, label, priority))
            bucket.sort(key=lambda p: (-len(p[0]), -p[2]))

    def __len__(self) -> int:
        return sum(len(v) for v in self._index.values())

    def find(self, words: Sequence[str]) -> list[Candidate]:
        """Every match (overlaps included; ``rules.select`` decides between them)."""
        out: list[Candidate] = []
        index = self._index
        n = len(words)
        for i, word in enumerate(words):
            bucket = index.get(word)
            if bucket is None:
                continue
            for toks, label, prio in bucket:
                k = len(toks)
                if i + k <= n and (k == 1 or tuple(words[i : i + k]) == toks):
                    out.append(Candidate(i, i + k, label, prio))
        return out
