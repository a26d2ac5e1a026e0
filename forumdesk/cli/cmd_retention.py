"""`forumdesk retention apply [--dry-run]`: erase residents' details past the retention period."""

from __future__ import annotations

import argparse
from typing import Any

from forumdesk.cli import _output, _session
from forumdesk.core import erasure, retention
from forumdesk.domain.language import INTERFACE, day_month_year
from forumdesk.i18n import _, ngettext


def register(commands: Any) -> None:
    kept = commands.add_parser(
        "retention",
        help=_("erase residents' names and contact details kept longer than the set period"),
    )
    verbs = kept.add_subparsers(dest="verb", metavar="VERB", required=True)
    apply = verbs.add_parser(
        "apply",
        help=_(
            "list the sign-ins whose resident last attended longer ago than retention_months, "
            "and erase their names and contact details (the erasures travel to other desks)"
        ),
    )
    apply.add_argument(
        "--dry-run", action="store_true", help=_("only list what would be erased; change nothing")
    )
    apply.add_argument("--json", action="store_true", help=_("print a JSON object (without names)"))
    apply.set_defaults(handler=run_apply)


def run_apply(args: argparse.Namespace) -> int:
    # Opened without applying retention first, or there would be nothing left to list.
    if args.dry_run:
        found = _session.read(args, retention.plan, retention=False)
        erasures: tuple[erasure.ErasureInfo, ...] = ()
    else:
        done = _session.run(args, retention.apply, retention=False)
        found, erasures = done.plan, done.erasures
    if args.json:
        _output.print_json(
            {
                "dry_run": args.dry_run,
                "months": found.months,
                "cutoff": found.cutoff,
                "due": [
                    {
                        "attendance": due.attendance_uuid,
                        "forum": due.forum,
                        "date": due.day,
                        "fields": due.fields,
                        "person": due.person_id,
                        "last_attended": due.last_attended,
                    }
                    for due in found.due
                ],
                "records": [
                    {
                        "kind": record.kind,
                        "uuid": record.uuid,
                        "person": record.person_id,
                        "last_active": record.last_active,
                    }
                    for record in found.records
                ],
                "erasures": [erasure.uuid for erasure in erasures],
            }
        )
        return 0
    before = day_month_year(found.cutoff, INTERFACE)
    if not found.due and not found.records:
        print(
            _(
                "Nothing is due: no resident whose last attendance was before {date} "
                "({period} before today) has a name or contact details kept here."
            ).format(date=before, period=retention.period(found.months))
        )
        return 0
    if not found.due:
        _records_only(found, args.dry_run)
        return 0
    print(
        _("Residents whose last attendance was before {date} ({period} before today):").format(
            date=before, period=retention.period(found.months)
        )
    )
    _output.print_table(
        [_("Meeting"), _("Name"), _("Erased"), _("Last attended")],
        [
            (
                f"{due.forum}, {day_month_year(due.day, INTERFACE)}",
                due.name or "",
                ", ".join(_field(field) for field in due.fields),
                day_month_year(due.last_attended, INTERFACE),
            )
            for due in found.due
        ],
    )
    signins, people = len(found.due), retention.people_count(found.people)
    if args.dry_run:
        print(
            ngettext(
                "Would erase the personal data of {n} sign-in ({people}). Nothing was changed.",
                "Would erase the personal data of {n} sign-ins ({people}). Nothing was changed.",
                signins,
            ).format(n=signins, people=people)
        )
    else:
        print(
            ngettext(
                "Erased the personal data of {n} sign-in ({people}); the erasures go to "
                "other desks with the next export.",
                "Erased the personal data of {n} sign-ins ({people}); the erasures go to "
                "other desks with the next export.",
                signins,
            ).format(n=signins, people=people)
        )
    if found.records and args.dry_run:
        n = len(found.records)
        print(
            ngettext(
                "It would also erase the personal data of {n} engagement participant or "
                "offer of help.",
                "It would also erase the personal data of {n} engagement participants or "
                "offers of help.",
                n,
            ).format(n=n)
        )
    elif found.records:
        print(retention.also_erased(len(found.records)))
    return 0


def _records_only(found: retention.Plan, dry_run: bool) -> None:
    """Only engagement participants and offers of help are due."""
    n = len(found.records)
    if dry_run:
        said = ngettext(
            "Would erase the personal data of {n} engagement participant or offer of help "
            "whose person last took part before {date}. Nothing was changed.",
            "Would erase the personal data of {n} engagement participants or offers of help "
            "whose people last took part before {date}. Nothing was changed.",
            n,
        )
    else:
        said = ngettext(
            "Erased the personal data of {n} engagement participant or offer of help whose "
            "person last took part before {date}; the erasure goes to other desks with the "
            "next export.",
            "Erased the personal data of {n} engagement participants or offers of help whose "
            "people last took part before {date}; the erasures go to other desks with the "
            "next export.",
            n,
        )
    print(said.format(n=n, date=day_month_year(found.cutoff, INTERFACE)))


def _field(field: str) -> str:
    return {"name": _("name"), "contact": _("contact details")}.get(field, field)
