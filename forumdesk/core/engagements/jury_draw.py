"""The jury draw itself, as pure functions anyone can re-run (docs/engagements.md).

The rule, in full:

1. The pool is every volunteer, in the order of their UUIDs (text order). Each
   volunteer's **stratum** is the values of the fields drawn by, joined with ``|``
   ("Tulse Hill", or "Tulse Hill|18-29"); a value not given counts as the empty text.
2. Each stratum's **quota**, unless given, is its share of the jury by the largest
   remainder: ``size × volunteers in the stratum ÷ volunteers in the pool``, rounded
   down, then one more seat each to the strata with the largest remainders until the
   jury is full (equal remainders: the stratum first in text order).
3. ``rng = random.Random(seed)`` (Python's generator, seeded with the seed's text). For
   each stratum in text order, its members in pool order, ``quota`` times: take out the
   member at position ``int(rng.random() * members left)``. The jurors are those taken
   out, in the order taken.

Only ``random()`` is used: Python promises that it gives the same sequence for the same
seed in every version, which it does not promise of ``sample`` or ``choice``
(docs/internals.md, "Jury draws").
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

SEPARATOR = "|"


def stratum(values: Mapping[str, str | None], by: Sequence[str]) -> str:
    """A volunteer's stratum key from their field values."""
    return SEPARATOR.join((values.get(field) or "") for field in by)


def proportional(counts: Mapping[str, int], size: int) -> dict[str, int]:
    """Quotas proportional to the strata's volunteers by the largest remainder.

    Args:
        counts: volunteers in each stratum (all above zero).
        size: the jury's size, at most the pool's.
    """
    total = sum(counts.values())
    quotas = {key: size * n // total for key, n in counts.items()}
    left = size - sum(quotas.values())
    # Integer remainders (size × n mod total) compare exactly; no float rounding.
    order = sorted(counts, key=lambda key: (-(size * counts[key] % total), key))
    for key in order[:left]:
        quotas[key] += 1
    return quotas


def draw(pool: Sequence[tuple[str, str]], quotas: Mapping[str, int], seed: str) -> list[str]:
    """The chosen volunteers' UUIDs, in the order drawn.

    Args:
        pool: (uuid, stratum) of every volunteer; sorted here by UUID.
        quotas: how many to draw from each stratum.
        seed: the seed's text.
    """
    ordered = sorted(pool)
    rng = random.Random(seed)
    chosen: list[str] = []
    for key in sorted(quotas):
        members = [uuid for uuid, of in ordered if of == key]
        chosen.extend(take(rng, members, quotas[key]))
    return chosen


def take(rng: random.Random, members: list[str], count: int) -> list[str]:
    """Takes ``count`` members out of ``members`` (a copy) at random, in the order taken."""
    left = list(members)
    return [left.pop(int(rng.random() * len(left))) for _n in range(count)]
