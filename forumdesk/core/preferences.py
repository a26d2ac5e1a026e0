"""Reading and changing the settings declared in forumdesk.settings."""

from __future__ import annotations

from sqlalchemy.orm import Session

from forumdesk import settings
from forumdesk.db.models import Setting as SettingRow
from forumdesk.domain import limits
from forumdesk.domain.errors import InvalidValue
from forumdesk.i18n import _


def get_setting(session: Session, key: str) -> str:
    """A setting's value, or its default."""
    declared = _declared(key)
    row = session.get(SettingRow, key)
    if row is None or not isinstance(row.value, dict) or "value" not in row.value:
        return declared.default
    return str(row.value["value"])


def set_setting(session: Session, key: str, value: str) -> str:
    """Changes a setting; an empty value restores the default."""
    declared = _declared(key)
    cleaned = limits.text(key, value, declared.limit) or ""
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value={"value": cleaned}))
    else:
        row.value = {"value": cleaned}
    return cleaned or declared.default


def all_settings(session: Session) -> dict[str, str]:
    """Every declared setting with its current value."""
    return {key: get_setting(session, key) for key in settings.ALL}


def _declared(key: str) -> settings.Setting:
    try:
        return settings.ALL[key]
    except KeyError:
        raise InvalidValue(
            "setting",
            _("{value} is not one of: {choices}").format(
                value=repr(key), choices=", ".join(settings.ALL)
            ),
        ) from None
