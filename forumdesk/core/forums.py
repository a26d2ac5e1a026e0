"""Forums: create, edit, list, delete."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from forumdesk.core import _edit, convert, lookup, sync
from forumdesk.core.paging import RowLimit
from forumdesk.db.models import Forum, Issue, Meeting
from forumdesk.domain import rules
from forumdesk.domain.errors import Conflict
from forumdesk.domain.records import ForumInfo
from forumdesk.i18n import N_, _

_CHECKS: dict[str, _edit.Check] = dict(rules.FORUM)


def create_forum(
    session: Session,
    *,
    code: str,
    name: str,
    area: str | None = None,
    wards: Sequence[str] | str | None = None,
    description: str | None = None,
) -> ForumInfo:
    """Creates a forum; its code becomes the prefix of its issue references.

    Raises:
        InvalidValue: a field is wrong.
        Conflict: another forum has the code.
    """
    values = _edit.clean(
        {"code": code, "name": name, "area": area, "wards": wards, "description": description},
        _CHECKS,
    )
    _refuse_taken_code(session, values["code"])
    row = Forum(**values, home_desk=sync.desk_uuid(session))  # its issues carry no mark
    sync.created(session, row)
    session.add(row)
    session.flush()
    return convert.forum_info(row)


def edit_forum(session: Session, ref: str | int, changes: Mapping[str, Any]) -> ForumInfo:
    """Changes a forum's fields. The code can change only while the forum has no issues."""
    row = lookup.forum(session, ref)
    values = _edit.clean(changes, _CHECKS)
    if "code" in values and values["code"] != row.code:
        if session.scalar(select(exists().where(Issue.forum_id == row.id))):
            raise Conflict(
                _(
                    "{code} already has issues whose references use its code; it cannot change."
                ).format(code=row.code)
            )
        _refuse_taken_code(session, values["code"])
    sync.apply(session, row, values)
    session.flush()
    return convert.forum_info(row)


def delete_forum(session: Session, ref: str | int) -> ForumInfo:
    """Deletes an empty forum (kept as a tombstone). A forum with meetings or issues is refused."""
    row = lookup.forum(session, ref)
    for model, refusal in (
        (Meeting, N_("{code} still has meetings; delete or move them first.")),
        (Issue, N_("{code} still has issues; delete or move them first.")),
    ):
        live = exists().where(model.forum_id == row.id, model.deleted_at.is_(None))
        if session.scalar(select(live)):
            raise Conflict(_(refusal).format(code=row.code))
    sync.tombstone(session, row)
    return convert.forum_info(row)


def get_forum(session: Session, ref: str | int) -> ForumInfo:
    """One forum by id or code."""
    return convert.forum_info(lookup.forum(session, ref))


def list_forums(session: Session, rows: RowLimit | None = None) -> list[ForumInfo]:
    """Every live forum, by name (``rows``: at most that many, counted in SQL)."""
    query = select(Forum).where(Forum.deleted_at.is_(None)).order_by(Forum.name)
    if rows is not None:
        query = rows.apply(session, query)
    return [convert.forum_info(r) for r in session.scalars(query)]


def _refuse_taken_code(session: Session, code: str) -> None:
    if session.scalar(select(exists().where(Forum.code == code))):
        raise Conflict(_("Another forum already uses the code {code}.").format(code=code))
