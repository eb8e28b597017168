"""Immutable values on the hot path: frozen to the type checker, plain slotted classes at run time.

A frozen dataclass pays for its immutability each time one is built: its `__init__` sets every
field through `object.__setattr__`, about 0.45 µs a field on Python 3.11. The ten fields of an
`Extracted` took 4.7 µs, plain slots 1.1 µs, and one message's judgement builds a dozen such
values (its text facts, each check and reason, each finding, the decision).

`@immutable` classes are declared frozen to mypy (`dataclass_transform(frozen_default=True)`),
which rejects an assignment to a field, or a `replace()` with a field that does not exist, when
`make lint` runs; at run time they are ordinary slotted dataclasses, equal and hashable by value
as frozen ones are. Code changes a value with `dataclasses.replace`, never by assignment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")
# The one empty set values share. Python builds a new empty frozenset each time one is asked for
# (216 bytes each): per cached chat, per policy and per memo entry, that came to megabytes.
NOTHING: frozenset[Any] = frozenset()


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def immutable(cls: type[T]) -> type[T]:
    """A dataclass that mypy holds frozen, built without a frozen class's per-field cost."""
    return dataclass(slots=True, unsafe_hash=True)(cls)
