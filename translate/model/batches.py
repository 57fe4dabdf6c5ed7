"""Greedy batching by length: the longest items first, each batch padded to its first."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def length_batches(items: Iterable[T], cost: Callable[[T], int], budget: float,
                   size: float = math.inf) -> list[list[T]]:
    """`items` sorted by `cost`, highest first (stable), in consecutive batches of at most
    `size` items whose padded cost (items × the first item's cost) stays within `budget`;
    an item alone may exceed the budget."""
    batches: list[list[T]] = []
    for item in sorted(items, key=lambda item: -cost(item)):
        if batches and len(batches[-1]) < size and (
                (len(batches[-1]) + 1) * cost(batches[-1][0]) <= budget):
            batches[-1].append(item)
        else:
            batches.append([item])
    return batches
