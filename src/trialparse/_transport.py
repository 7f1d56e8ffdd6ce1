"""A listing as nested tuples of plain values, for sending it between processes.

Pickling the records themselves costs a Python call per record on each side (attrs'
``__getstate__`` / ``__setstate__``, with a dict of field names each time); a page holds
about seventy records. Here each record becomes the tuple of its field values, read in one
``operator.attrgetter`` call, and is rebuilt with its class's own ``__init__``. Everything is
derived from ``attrs.fields`` and the fields' type hints: a field added to the model travels
with no edit here. Values that are not records (strings, numbers, enum members, dates,
tuples of them) are left for ``pickle`` to carry.
"""

from __future__ import annotations

import functools
import itertools
import operator
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from trialparse.model import Listing

__all__ = ["pack", "unpack"]

Packed = tuple[Any, ...]


class _Codec:
    """How one record class is packed and rebuilt: its field getter, and for each field that
    holds records, its index, whether it holds a tuple of them, and their class's codec.

    A codec whose class holds no records (``leaf``; most records are ``Span``s) is applied
    inline by its parent rather than through a call of its own; a field that is None or an
    empty tuple is sent as it is.
    """

    __slots__ = ("cls", "get", "leaf", "nested", "single")

    def __init__(self, cls: type) -> None:
        names = [field.name for field in attrs.fields(cls)]
        self.cls = cls
        self.get: Callable[[Any], Any] = operator.attrgetter(*names)
        self.single = len(names) == 1  # attrgetter of one name gives the value, not a tuple
        self.nested: list[tuple[int, bool, _Codec]] = []
        self.leaf = True

    def pack(self, record: Any) -> Packed:
        values = self.get(record)
        if self.single:
            values = (values,)
        if self.leaf:
            return values  # type: ignore[no-any-return]
        out = list(values)
        for i, many, codec in self.nested:
            value = out[i]
            if not value:
                continue
            if codec.leaf and not codec.single:
                out[i] = tuple(map(codec.get, value)) if many else codec.get(value)
            else:
                out[i] = tuple(map(codec.pack, value)) if many else codec.pack(value)
        return tuple(out)

    def unpack(self, values: Packed) -> Any:
        if self.leaf:
            return self.cls(*values)
        args = list(values)
        for i, many, codec in self.nested:
            value = args[i]
            if not value:
                continue
            if codec.leaf:
                args[i] = tuple(itertools.starmap(codec.cls, value)) if many else codec.cls(*value)
            else:
                args[i] = tuple(map(codec.unpack, value)) if many else codec.unpack(value)
        return self.cls(*args)


def _records_in(hint: object) -> tuple[bool, type] | None:
    """``(many, record class)`` when a field of type ``hint`` holds records (``R``, ``R | None``,
    ``tuple[R, ...]``); None when it holds plain values."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        hint = options[0] if len(options) == 1 else None
    if isinstance(hint, type) and attrs.has(hint):
        return False, hint
    if typing.get_origin(hint) is tuple:
        args = typing.get_args(hint)
        if args and isinstance(args[0], type) and attrs.has(args[0]):
            return True, args[0]
    return None


def _codecs(root: type) -> dict[type, _Codec]:
    """A codec for ``root`` and every record class reachable from its fields (cycles included)."""
    codecs: dict[type, _Codec] = {}
    todo = [root]
    while todo:
        cls = todo.pop()
        if cls in codecs:
            continue
        codecs[cls] = _Codec(cls)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            found = _records_in(hints[field.name])
            if found is not None:
                todo.append(found[1])
    for cls, codec in codecs.items():
        hints = typing.get_type_hints(cls)
        for i, field in enumerate(attrs.fields(cls)):
            found = _records_in(hints[field.name])
            if found is not None:
                codec.nested.append((i, found[0], codecs[found[1]]))
                codec.leaf = False
    return codecs


@functools.cache
def _listing_codec() -> _Codec:
    return _codecs(Listing)[Listing]


def pack(listing: Listing) -> Packed:
    """``listing`` as nested tuples of its field values."""
    return _listing_codec().pack(listing)


def unpack(values: Packed) -> Listing:
    """The listing ``pack`` was given, rebuilt."""
    listing: Listing = _listing_codec().unpack(values)
    return listing
