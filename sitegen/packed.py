"""Read-only, tuple-like containers over packed 32-bit ints.

A site of 10,000 articles holds millions of small numbers: article indices, sentence
offsets, quoted spans. As tuples of int objects each costs an 8-byte slot, often a
32-byte int and, per pair or triple, a 56-byte tuple; here it costs 4 bytes. The types
read, compare and hash like the tuples they stand for, pickle compactly, and know
nothing of the pipeline (``model`` and ``link.indexes`` both use them).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload


class Packed:
    """A read-only tuple of fixed-width rows of native 32-bit ints, kept in one ``bytes``.

    One allocation of exactly the data (plus a 33-byte header) behind a 48-byte object:
    immutable, hashable and compact to pickle. Subclasses say how wide a row is and what
    a row reads as. It compares equal to the tuple it stands for (both ways:
    ``tuple.__eq__`` defers to us), hashes and prints like it.
    """

    __slots__ = ("_data",)
    _WIDTH = 1  # ints per row

    def __init__(self, data: bytes) -> None:
        if len(data) % (4 * self._WIDTH):
            raise ValueError(f"{len(data)} bytes are not whole rows of {self._WIDTH} ints")
        self._data = data

    def __len__(self) -> int:
        return len(self._data) // (4 * self._WIDTH)

    def __iter__(self) -> Iterator[Any]:
        raise NotImplementedError  # each subclass reads its rows

    def _ints(self) -> memoryview:
        return memoryview(self._data).cast("i")

    def _slice(self, index: slice) -> bytes:
        rows, size = range(len(self))[index], 4 * self._WIDTH
        if rows.step == 1:
            return self._data[rows.start * size : rows.stop * size]
        return b"".join(self._data[r * size : (r + 1) * size] for r in rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, Packed)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


def pack(values: Iterable[int]) -> bytes:
    """Native 32-bit ints as bytes (an ``array('i')`` or numpy int32 array is copied as is)."""
    if isinstance(values, bytes):
        return values
    if not (isinstance(values, array) and values.typecode == "i"):
        values = array("i", values)
    return values.tobytes()




class Ints(Packed, Sequence[int]):
    """A tuple of ints (article indices): 4 bytes an item instead of an 8-byte slot
    plus, for most indices, a 32-byte int object."""

    __slots__ = ()

    def __init__(self, items: Iterable[int] = ()) -> None:
        super().__init__(pack(items))

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> Ints: ...

    def __getitem__(self, index: int | slice) -> int | Ints:
        if isinstance(index, slice):
            return Ints(self._slice(index))
        return self._ints()[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self._ints())

    def __reversed__(self) -> Iterator[int]:
        return iter(self._ints()[::-1])

    def __contains__(self, value: object) -> bool:
        return value in self._ints()

    def __reduce__(self) -> tuple[Any, ...]:
        return Ints, (self._data,)




class Triples(Packed, Sequence[tuple[int, int, int]]):
    """A tuple of ``(int, int, int)``: 12 bytes a triple instead of a 64-byte tuple and
    up to three int objects."""

    __slots__ = ()
    _WIDTH = 3

    def __init__(self, flat: Iterable[int] = ()) -> None:
        super().__init__(pack(flat))

    @overload
    def __getitem__(self, index: int) -> tuple[int, int, int]: ...

    @overload
    def __getitem__(self, index: slice) -> Triples: ...

    def __getitem__(self, index: int | slice) -> tuple[int, int, int] | Triples:
        if isinstance(index, slice):
            return Triples(self._slice(index))
        row = range(len(self))[index]
        a, b, c = self._ints()[3 * row : 3 * row + 3]
        return a, b, c

    def __iter__(self) -> Iterator[tuple[int, int, int]]:
        ints = iter(self._ints())
        return zip(ints, ints, ints)

    def with_row(self, row: int, triple: tuple[int, int, int]) -> Triples:
        """A copy with row ``row`` replaced."""
        flat = array("i", self._data)
        flat[3 * row : 3 * row + 3] = array("i", triple)
        return Triples(flat)

    def __reduce__(self) -> tuple[Any, ...]:
        return Triples, (self._data,)


class Pairs(Packed, Sequence[tuple[int, int]]):
    """A tuple of ``(int, int)`` (an annotation's sentence spans): 8 bytes a pair instead
    of a 56-byte tuple and two int objects."""

    __slots__ = ()
    _WIDTH = 2

    def __init__(self, flat: Iterable[int] = ()) -> None:
        super().__init__(pack(flat))

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int]]) -> Pairs:
        """From pairs (a tuple of tuples); a ``Pairs`` is returned as it is."""
        if isinstance(pairs, Pairs):
            return pairs
        flat = array("i")
        for a, b in pairs:
            flat.append(a)
            flat.append(b)
        return cls(flat)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, index: slice) -> Pairs: ...

    def __getitem__(self, index: int | slice) -> tuple[int, int] | Pairs:
        if isinstance(index, slice):
            return Pairs(self._slice(index))
        row = range(len(self))[index]
        a, b = self._ints()[2 * row : 2 * row + 2]
        return a, b

    def __iter__(self) -> Iterator[tuple[int, int]]:
        ints = iter(self._ints())
        return zip(ints, ints)

    def __reduce__(self) -> tuple[Any, ...]:
        return Pairs, (self._data,)
