"""Declarative base, naming convention, UTC timestamps, the columns of travelling records.

No ``from __future__ import annotations`` here: SQLAlchemy would evaluate every
column's annotation text when the module is imported, which slowed start-up.
"""

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import JSON, DateTime, Dialect, MetaData, String, Table, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints let Alembic's batch mode on SQLite recreate them (docs/internals.md).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Column ``info`` marker for personal data: leaves a desk only when explicitly asked.
PERSONAL = {"personal": True}


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def new_uuid() -> str:
    """A random UUID as the 36-character text every desk stores."""
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC without a zone (portable) and always hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; ForumDesk stores UTC only")  # i18n: not text
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Base of every ForumDesk table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }
    if TYPE_CHECKING:  # every model here maps one table (SQLAlchemy types it FromClause)
        __table__: ClassVar[Table]


class Synced:
    """Columns of a record that can travel between desks.

    ``uuid`` never changes; ``vv`` and ``dots`` are the version information of
    :mod:`forumdesk.domain.versions`; ``deleted_at`` set means the row is a tombstone
    kept so that a deletion can travel too.
    """

    if TYPE_CHECKING:  # every model made with this mixin declares them
        id: Mapped[int]
        __tablename__: str

    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    vv: Mapped[dict[str, Any]] = mapped_column(default=dict)
    dots: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    #: When this desk last made or received a change of the record (never travels):
    #: ``export --since`` selects by it, so work relayed through this desk goes on.
    changed_here_at: Mapped[datetime | None] = mapped_column(default=utcnow, onupdate=utcnow)
