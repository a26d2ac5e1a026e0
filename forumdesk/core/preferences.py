"""Reading and changing the settings declared in forumdesk.settings that are kept with
the data (those kept for the user are in forumdesk.user_settings)."""

from __future__ import annotations

import base64
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.db.models import DeskIdentity, Forum
from forumdesk.db.models import Setting as SettingRow
from forumdesk.db.store import default_desk_name
from forumdesk.domain.document_text import DocumentText
from forumdesk.domain.errors import InputRefused, InvalidValue
from forumdesk.i18n import _


def get_setting(session: Session, key: str) -> str:
    """A setting's value, or its default."""
    declared = _declared(key)
    if key == settings.DESK_NAME.key:
        return session.scalars(select(DeskIdentity.name)).first() or ""
    if key == settings.DEFAULT_FORUM.key:
        found = default_forum(session)
        return found.code if found is not None else declared.default
    row = session.get(SettingRow, key)
    if row is None or not isinstance(row.value, dict) or "value" not in row.value:
        return declared.default
    return str(row.value["value"]) or declared.default


def set_setting(session: Session, key: str, value: str) -> str:
    """Changes a setting; an empty value restores the default.

    The logo is checked when it is set, and the image itself is kept with the setting:
    minutes then never fail later because the file moved, and read the same on every
    desk that imports them.
    """
    declared = _declared(key)
    cleaned = settings.clean(declared, value)
    if key == settings.DESK_NAME.key:
        desk = session.scalars(select(DeskIdentity)).one()
        desk.name = cleaned or default_desk_name(desk.uuid)
        return desk.name
    if key == settings.DEFAULT_FORUM.key and cleaned:
        cleaned = _forum_code(session, cleaned)
    stored: dict[str, str] = {"value": cleaned}
    if key == settings.COUNCIL_LOGO.key and cleaned:
        path = Path(cleaned).expanduser().resolve()
        stored = {"value": str(path), "image": base64.b64encode(read_logo(path)).decode("ascii")}
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=stored))
    else:
        row.value = stored
    return stored["value"] or declared.default


def read_logo(path: Path) -> bytes:
    """A logo file's bytes, once it is known to be a PNG or JPEG of at most 1 MB.

    Raises:
        InvalidValue: it cannot be read, or is not such an image.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidValue(
            settings.COUNCIL_LOGO.key,
            _("{path} cannot be read: {problem}").format(path=path, problem=exc.strerror),
        ) from exc
    if len(data) > MAX_LOGO_BYTES or not (data.startswith(b"\x89PNG") or data[:2] == b"\xff\xd8"):
        raise InvalidValue(
            settings.COUNCIL_LOGO.key,
            _("{path} must be a PNG or JPEG of at most 1 MB").format(path=path),
        )
    return data


def logo_image(session: Session) -> bytes | None:
    """The council's logo (None: the neutral default that ships with ForumDesk).

    A logo set before its image was kept with the setting is read from its file.
    """
    row = session.get(SettingRow, settings.COUNCIL_LOGO.key)
    value = row.value if row is not None and isinstance(row.value, dict) else {}
    if value.get("image"):
        return base64.b64decode(value["image"])
    if not value.get("value"):
        return None
    return read_logo(Path(str(value["value"])).expanduser())


MAX_LOGO_BYTES = 1_000_000


def default_forum(session: Session) -> Forum | None:
    """The live forum the default_forum setting names (None: unset, or that forum is gone)."""
    row = session.get(SettingRow, settings.DEFAULT_FORUM.key)
    value = row.value if row is not None and isinstance(row.value, dict) else {}
    code = str(value.get("value") or "").strip().upper()
    if not code:
        return None
    return session.scalars(
        select(Forum).where(Forum.code == code, Forum.deleted_at.is_(None))
    ).first()


def default_forum_id(session: Session) -> int | None:
    """The default forum's id, for a picker that opens on it (None: no default)."""
    found = default_forum(session)
    return found.id if found is not None else None


def forum_or_default(session: Session, given: str | int | None) -> str | int:
    """The forum ``given`` (a code or id), else the default forum's code.

    Raises:
        InputRefused: none is given and no default forum is set; the message lists the
            forums' codes and says how to set one.
    """
    if given is not None and str(given).strip():
        return given
    found = default_forum(session)
    if found is not None:
        return found.code
    codes = ", ".join(
        session.scalars(select(Forum.code).where(Forum.deleted_at.is_(None)).order_by(Forum.code))
    )
    raise InputRefused(
        _(
            "Name a forum (one of: {codes}), or set a default forum with: "
            "forumdesk config set default_forum CODE"
        ).format(codes=codes or _("none yet"))
    )


def _forum_code(session: Session, value: str) -> str:
    """The code of the live forum ``value`` names (any case).

    Raises:
        InvalidValue: no live forum has that code; the message lists those that do.
    """
    code = value.strip().upper()
    codes = list(
        session.scalars(select(Forum.code).where(Forum.deleted_at.is_(None)).order_by(Forum.code))
    )
    if code in codes:
        return code
    if not codes:
        raise InvalidValue(
            settings.DEFAULT_FORUM.key,
            _("{value} names no forum, and there are no forums yet").format(value=repr(value)),
        )
    raise InvalidValue(
        settings.DEFAULT_FORUM.key,
        _("{value} names no forum; the forums' codes are: {codes}").format(
            value=repr(value), codes=", ".join(codes)
        ),
    )


def all_settings(session: Session) -> dict[str, str]:
    """Every setting kept with the data, with its current value."""
    return {
        key: get_setting(session, key)
        for key, declared in settings.ALL.items()
        if declared.scope is settings.Scope.DATABASE
    }


def _declared(key: str) -> settings.Setting:
    declared = settings.declared(key)
    if declared.scope is not settings.Scope.DATABASE:
        raise InvalidValue(key, _("is kept for this user, not with the data"))
    return declared


def document_language(session: Session, chosen: str | None = None) -> DocumentText:
    """The text a document is written in: ``chosen`` (en, cy, bilingual), else the setting;
    a bilingual one laid out as the council's ``bilingual_layout`` says.

    Raises:
        InvalidValue: ``chosen`` is no document language.
    """
    return DocumentText.of(
        chosen or get_setting(session, settings.DOCUMENT_LANGUAGE.key),
        get_setting(session, settings.BILINGUAL_LAYOUT.key),
    )
