"""A list cut to its first rows in SQL, with how many rows match in all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

#: A query of any columns: the same query comes back, cut.
Q = TypeVar("Q", bound=Select[Any] | Select[Any, Any])


@dataclass
class RowLimit:
    """At most ``most`` rows of a list (None: every one).

    A list function given one counts the matching rows (``total``) and fetches only the
    first ``most``, both in SQL, so a list of 55,000 matches costs what its first page
    costs (the command line's lists, docs/command-line.md).
    """

    most: int | None = None
    total: int = 0

    def apply(self, session: Session, query: Q) -> Q:
        """Counts the rows ``query`` gives (into ``total``) and returns it cut to ``most``."""
        counted = select(func.count()).select_from(query.order_by(None).subquery())
        self.total = int(session.scalar(counted) or 0)
        if self.most is None:
            return query
        return cast(Q, query.limit(self.most))  # limit() gives the same query, cut
