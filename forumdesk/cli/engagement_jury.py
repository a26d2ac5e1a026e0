"""`forumdesk engagement` verbs of the jury part (issue 14): pool, draw, jury-session,
jury-witness, jury-recommend."""

from __future__ import annotations

import argparse
from typing import Any

from forumdesk.cli import _output, _parsing, _session
from forumdesk.domain.enums import EngagementKind
from forumdesk.domain.errors import InputRefused
from forumdesk.i18n import _, ngettext


def register(verbs: Any) -> None:
    """Adds this part's verbs to `forumdesk engagement`."""
    _pool(verbs)
    _draw(verbs)
    _session_verb(verbs)
    _witness(verbs)
    _recommend(verbs)


def _pool(verbs: Any) -> None:
    pool = verbs.add_parser(
        "pool",
        help=_("a policy jury's pool of volunteers: add to it, or list it"),
        description=_(
            "Adds a volunteer (--ward, --age-band, --name with --consent-named), the "
            "residents who signed in at a meeting and consented to be named "
            "(--from-meeting), or sets a volunteer's ward and age band (--volunteer ID). "
            "Without them, lists the pool."
        ),
    )
    pool.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    pool.add_argument("--name", help=_("the volunteer's name (needs --consent-named)"))
    pool.add_argument(
        "--consent-named", action="store_true", help=_("the volunteer agreed to be named")
    )
    pool.add_argument("--ward", help=_("the volunteer's ward"))
    pool.add_argument("--age-band", metavar="BAND", help=_("the volunteer's age band: 30-44"))
    pool.add_argument(
        "--from-meeting",
        type=_parsing.meeting_ref,
        metavar="MEETING",
        help=_(_parsing.MEETING_HELP),
    )
    pool.add_argument(
        "--volunteer",
        type=_parsing.positive_int,
        metavar="ID",
        help=_("a volunteer's id: set their --ward and --age-band"),
    )
    pool.add_argument("--json", action="store_true", help=_("print the pool as JSON"))
    pool.set_defaults(handler=run_pool)


def run_pool(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import jury

    if args.from_meeting is not None:
        added = _session.run(args, lambda s: jury.pool_from_meeting(s, args.ref, args.from_meeting))
        print(
            ngettext(
                "Added {count} volunteer from the meeting's sign-ins.",
                "Added {count} volunteers from the meeting's sign-ins.",
                len(added),
            ).format(count=len(added))
        )
        return 0
    if args.volunteer is not None:
        made = _session.run(
            args,
            lambda s: jury.edit_volunteer(
                s, args.volunteer, ward=args.ward, age_band=args.age_band
            ),
        )
        print(
            _("Volunteer {id}: {ward}, {age_band}.").format(
                id=made.id, ward=made.ward or _("ward not given"), age_band=made.age_band or "-"
            )
        )
        return 0
    if args.name or args.ward or args.age_band:
        made = _session.run(
            args,
            lambda s: jury.add_volunteer(
                s,
                args.ref,
                name=args.name,
                consent_named=args.consent_named,
                ward=args.ward,
                age_band=args.age_band,
            ),
        )
        print(
            _("Added volunteer {id} ({name}) to the pool.").format(
                id=made.id, name=made.name or _("not named")
            )
        )
        return 0
    found = _session.read(args, lambda s: jury.pool(s, args.ref))
    if args.json:
        _output.print_json(found)
        return 0
    _output.print_table(
        [_("ID"), _("Name"), _("Ward"), _("Age band"), _("Juror")],
        [
            (
                v.id,
                v.name or _("(not named)"),
                v.ward or "",
                v.age_band or "",
                _("yes") if v.juror else "",
            )
            for v in found
        ],
        empty=_("No volunteers yet; add one with: forumdesk engagement pool ID --ward WARD"),
    )
    return 0


def _draw(verbs: Any) -> None:
    draw = verbs.add_parser(
        "draw",
        help=_("draw a policy jury from its pool, or re-run a draw to check it"),
        description=_(
            "Draws the jury at random from the pool, stratified by ward and/or age band, "
            "with a seed anyone can re-run it with. Without --size or --check, shows the "
            "jury's draws."
        ),
    )
    draw.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    draw.add_argument("--size", type=_parsing.positive_int, metavar="N", help=_("jurors to draw"))
    draw.add_argument(
        "--by",
        action="append",
        metavar="FIELD",
        help=_("ward or age-band (repeat for both; default ward)"),
    )
    draw.add_argument("--seed", help=_("the seed: any text, written on the draw's record"))
    draw.add_argument(
        "--witness",
        dest="witnesses",
        action="append",
        default=[],
        metavar="NAME",
        help=_("a witness of the draw (repeat for each)"),
    )
    draw.add_argument(
        "--quota",
        dest="quotas",
        action="append",
        metavar="STRATUM=N",
        help=_("jurors from one group instead of its share: 'Tulse Hill=3'"),
    )
    draw.add_argument(
        "--check",
        type=_parsing.positive_int,
        metavar="DRAW_ID",
        help=_("re-run a stored draw and say whether the same jurors come out"),
    )
    draw.set_defaults(handler=run_draw)


def _quotas(texts: list[str] | None) -> dict[str, int] | None:
    if not texts:
        return None
    quotas: dict[str, int] = {}
    for text in texts:
        key, sep, number = text.rpartition("=")
        if not sep or not key.strip() or not number.strip().isdigit():
            raise InputRefused(
                _("--quota {text} is not a group and a number, like 'Tulse Hill=3'.").format(
                    text=repr(text)
                )
            )
        quotas["|".join(part.strip() for part in key.split("|"))] = int(number)
    return quotas


def run_draw(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import base, jury, jury_text

    if args.check is not None:

        def check(s: Any) -> tuple[Any, str]:
            row = base.of_kind(s, args.ref, EngagementKind.JURY)
            found = jury.rerun(s, args.check)
            if found.draw.engagement_id != row.id:
                raise InputRefused(
                    _("Draw {id} is not a draw of {reference}.").format(
                        id=args.check, reference=row.reference
                    )
                )
            return found, row.reference

        found, reference = _session.read(args, check)
        print(jury_text.draw_text(found.draw, reference))
        if found.same:
            print(_("Re-run: the same jurors came out. The draw stands."))
            return 0
        print(
            _(
                "Re-run: different jurors came out ({numbers}). The pool or the groups "
                "changed since the draw, or the record was altered."
            ).format(numbers=", ".join(str(n) for n in found.again) or "-")
        )
        return 1
    if args.size is None and not args.quotas:

        def shown(s: Any) -> tuple[list[Any], str]:
            return jury.draws(s, args.ref), base.engagement(s, args.ref).reference

        records, reference = _session.read(args, shown)
        if not records:
            print(
                _("No draw yet; make one with: forumdesk engagement draw ID --size N --seed SEED")
            )
        for record in records:
            print(jury_text.draw_text(record, reference))
        return 0
    if not args.seed:
        raise InputRefused(_("A draw needs a seed (--seed TEXT) so that anyone can re-run it."))
    quotas = _quotas(args.quotas)

    def made(s: Any) -> tuple[Any, str]:
        record = jury.draw(
            s,
            args.ref,
            size=args.size,
            seed=args.seed,
            by=args.by or ["ward"],
            witnesses=args.witnesses,
            quotas=quotas,
        )
        return record, base.engagement(s, args.ref).reference

    record, reference = _session.run(args, made)
    print(jury_text.draw_text(record, reference))
    return 0


def _session_verb(verbs: Any) -> None:
    held = verbs.add_parser(
        "jury-session",
        help=_("plan a session of a policy jury (a meeting held for it)"),
    )
    held.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    held.add_argument("--date", required=True, type=_parsing.iso_date, metavar="DATE")
    held.add_argument("--title", help=_("what the session is called"))
    held.add_argument("--venue", help=_("where it is held"))
    held.add_argument(
        "--forum", metavar="CODE", help=_("the forum holding it (for a council-wide jury)")
    )
    held.set_defaults(handler=run_session)


def run_session(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import jury_sessions

    made = _session.run(
        args,
        lambda s: jury_sessions.add_session(
            s, args.ref, day=args.date, title=args.title, venue=args.venue, forum=args.forum
        ),
    )
    print(
        _("Planned the jury's session on {date} ({name}), meeting id {id}.").format(
            date=made.date.isoformat(), name=made.display_title, id=made.id
        )
    )
    return 0


def _witness(verbs: Any) -> None:
    witness = verbs.add_parser(
        "jury-witness", help=_("add a witness giving evidence to a policy jury")
    )
    witness.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    witness.add_argument("--name", required=True, help=_("the witness's name and role"))
    witness.add_argument(
        "--session",
        type=_parsing.meeting_ref,
        metavar="MEETING",
        help=_("the session they give evidence at (their evidence goes on its agenda)"),
    )
    witness.add_argument("--evidence", metavar="TEXT", help=_("what their evidence is about"))
    witness.set_defaults(handler=run_witness)


def run_witness(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import jury_sessions

    made = _session.run(
        args,
        lambda s: jury_sessions.add_witness(
            s, args.ref, args.name, meeting=args.session, evidence=args.evidence
        ),
    )
    print(_("Added witness {name}.").format(name=made.name))
    return 0


def _recommend(verbs: Any) -> None:
    recommend = verbs.add_parser(
        "jury-recommend",
        help=_("record a policy jury's recommendation (a co-decision issue)"),
    )
    recommend.add_argument("ref", metavar="ID", help=_("engagement id or reference"))
    recommend.add_argument("--title", required=True, help=_("the recommendation"))
    recommend.add_argument("--description", help=_("the recommendation in full"))
    recommend.add_argument(
        "--meeting", type=_parsing.meeting_ref, metavar="MEETING", help=_(_parsing.MEETING_HELP)
    )
    recommend.add_argument(
        "--response-due",
        type=_parsing.iso_date,
        metavar="DATE",
        help=_("when the council's response is due (default: the jury's days, or 8 weeks)"),
    )
    recommend.add_argument(
        "--forum", metavar="CODE", help=_("the forum it goes to (for a council-wide jury)")
    )
    recommend.set_defaults(handler=run_recommend)


def run_recommend(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import jury_sessions

    made = _session.run(
        args,
        lambda s: jury_sessions.recommend(
            s,
            args.ref,
            args.title,
            description=args.description,
            forum=args.forum,
            meeting=args.meeting,
            response_due=args.response_due,
        ),
    )
    print(
        _("Recorded {reference}: {title}, the council's response due {due}.").format(
            reference=made.reference,
            title=made.title,
            due=made.response_due.isoformat() if made.response_due else "-",
        )
    )
    return 0
