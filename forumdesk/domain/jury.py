"""A policy jury's draw and pool as the faces show them: plain frozen records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Volunteer:
    """One volunteer of a jury's pool; ``name`` None when not given with consent."""

    id: int
    uuid: str
    name: str | None
    ward: str | None
    age_band: str | None
    juror: bool  # chosen by the latest draw
    from_meeting: bool  # came from a meeting's sign-in


@dataclass(frozen=True)
class Quota:
    """One stratum of a draw: its volunteers and how many were drawn from it."""

    stratum: str  # the key stored on the draw: "Tulse Hill" or "Tulse Hill|18-29"
    available: int
    drawn: int


@dataclass(frozen=True)
class Juror:
    """A volunteer the draw chose: their number in the draw's pool (1 = first)."""

    number: int
    name: str | None
    ward: str | None
    age_band: str | None


@dataclass(frozen=True)
class DrawRecord:
    """A stored draw, with what anyone needs to re-run it."""

    id: int
    engagement_id: int
    seed: str
    size: int
    strata: tuple[str, ...]  # fields drawn by: "ward", "age_band"
    quotas: tuple[Quota, ...]
    witnesses: tuple[str, ...]
    drawn_at: datetime
    pool_size: int
    jurors: tuple[Juror, ...]


@dataclass(frozen=True)
class DrawCheck:
    """A stored draw run again: whether the same jurors came out."""

    draw: DrawRecord
    same: bool
    again: tuple[int, ...]  # pool numbers the re-run chose, in the order drawn
