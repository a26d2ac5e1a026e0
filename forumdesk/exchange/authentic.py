"""Whether an exchange file is authentic: its desk signature, the rule on trusted
desks, and the provenance of its stamps (called from :func:`forumdesk.exchange.read.check`).

The rule: a desk that has trusted any desk takes only files signed, intact, by a desk it
trusts (or by itself); ``allow_unsigned`` lets one in with a note. A desk that trusts
none takes any file, saying who signed it. The stamps are checked by the pure
:mod:`forumdesk.domain.provenance`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forumdesk.db.models import DeskIdentity
from forumdesk.domain import provenance as stamps
from forumdesk.exchange import document, trust
from forumdesk.exchange.kinds import KINDS
from forumdesk.i18n import _


@dataclass
class Judged:
    """What the desk signature says: problems, notes, and what the import may rely on."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    signed_by: str | None = None  # fingerprint, when the signature matches
    untrusted: trust.DeskKey | None = None  # intact, by a desk not trusted here
    forged: bool = False  # refused whatever a person allows (it claims to be this desk)
    #: The file's received_from, when its signer is trusted and other desks' stamps
    #: must be checked against it (None: they are not checked).
    listed: list[dict[str, Any]] | None = None


def judge(
    session: Session, doc: dict[str, Any], records: bytes | None, allow_unsigned: bool
) -> Judged:
    """The rule: a desk that trusts any desk takes only files signed by a desk it trusts
    (or by itself), intact; ``allow_unsigned`` lets one in with a note. A desk that trusts
    none takes any file, saying who signed it (or that the signature does not match)."""
    judged = Judged()
    enforced = trust.trusts_any(session)
    sender = doc["desk"]
    name, uuid = trust.clean_name(sender.get("name")), str(sender.get("uuid", "")).lower()
    signer = trust.signer_of(doc)
    refuse = judged.notes.append if allow_unsigned else judged.problems.append
    if signer is None:
        if enforced:
            refuse(
                _(
                    "The file from desk {name} ({uuid}) is not signed by its desk, and this "
                    "desk takes only files signed by the desks it trusts."
                ).format(name=name, uuid=uuid)
            )
            if allow_unsigned:
                judged.notes.append(_("It is let in unsigned, as asked."))
        else:
            judged.notes.append(
                _(
                    "The file is not signed by its desk; this desk trusts no desks yet, so "
                    "it takes files from any desk."
                )
            )
        return judged
    if not trust.verify(doc[document.DESK_SIGNATURE], document.desk_signed_bytes(doc, records)):
        said = _(
            "The desk signature does not match: the file was changed after desk {name} "
            "signed it, or it was not signed with key {fingerprint}."
        ).format(name=name, fingerprint=signer.fingerprint)
        if enforced:
            refuse(said)
            if allow_unsigned:
                judged.notes.append(_("It is let in all the same, as asked."))
        else:
            judged.notes.append(
                said + " " + _("This desk trusts no desks yet, so it takes files from any desk.")
            )
        return judged
    judged.signed_by = signer.fingerprint
    standing, row = trust.standing(session, signer)
    if standing is trust.Standing.IMPOSTOR:  # refused whatever this desk trusts or allows
        judged.signed_by, judged.forged = None, True
        judged.problems.append(_(trust.IMPOSTOR).format(fingerprint=signer.fingerprint))
        return judged
    if standing in (trust.Standing.OWN, trust.Standing.TRUSTED):
        judged.notes.append(
            _("Signed by desk {name}, trusted here (key {fingerprint}).").format(
                name=name, fingerprint=signer.fingerprint
            )
        )
        if enforced and not allow_unsigned:
            judged.listed = list(doc.get("received_from", ()))
        return judged
    if standing is trust.Standing.REVOKED:
        assert row is not None
        said = _(
            "The file is signed by desk {name} with key {fingerprint}, which was revoked "
            "here on {date}."
        ).format(name=name, fingerprint=signer.fingerprint, date=f"{row.revoked_at:%Y-%m-%d}")
    elif standing is trust.Standing.OTHER_KEY:
        assert row is not None
        said = _(
            "The file is signed by desk {name} with key {fingerprint}, but this desk trusts "
            "that desk with key {trusted}. If the desk has a new key, check its fingerprint "
            "by phone, then: forumdesk desk trust FILE."
        ).format(name=name, fingerprint=signer.fingerprint, trusted=row.fingerprint)
        judged.untrusted = signer
    else:
        said = _(
            "The file is signed by desk {name} with key {fingerprint}, which this desk does "
            "not trust. Check the fingerprint with that desk by phone, then: forumdesk desk "
            "trust FILE."
        ).format(name=name, fingerprint=signer.fingerprint)
        judged.untrusted = signer
    if enforced:
        refuse(said)
        if allow_unsigned:
            judged.notes.append(_("It is let in all the same, as asked."))
    else:
        judged.notes.append(
            _(
                "Signed by desk {name} (key {fingerprint}); this desk trusts no desks yet, so "
                "it takes files from any desk."
            ).format(name=name, fingerprint=signer.fingerprint)
        )
        judged.untrusted = None
    return judged


def provenance(
    session: Session, doc: dict[str, Any], listed: list[dict[str, Any]] | None
) -> list[str]:
    """Stamps no honest desk could have sent (:mod:`forumdesk.domain.provenance`)."""
    own = session.scalars(select(DeskIdentity.uuid)).one().lower()
    records = doc["records"]
    made_here: dict[str, int] = {}
    written = records.desks  # gathered as the file was read (stream.Records)
    wanted = set(stamps.stamped_by(records, own, written))
    if wanted:
        for kind in KINDS:
            uuids = [
                r["uuid"].lower() for r in records.get(kind.name, ()) if r["uuid"].lower() in wanted
            ]
            for start in range(0, len(uuids), 500):
                for uuid, vv in session.execute(
                    select(kind.model.uuid, kind.model.vv).where(
                        kind.model.uuid.in_(uuids[start : start + 500])
                    )
                ):
                    made_here[uuid.lower()] = int((vv or {}).get(own, 0))
    return stamps.check(
        records,
        own_desk=own,
        made_here=made_here,
        sender=doc["desk"]["uuid"],
        listed=listed,
        known=trust.known_keys(session) if listed is not None else {},
        written=written,
    )
