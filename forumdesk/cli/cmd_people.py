"""`forumdesk person list|show|find|merge|unlink|erase|export`: residents' personal data,
person by person.

A person is named by their number (``4``); a sign-in not linked to anyone by ``s`` and
its number (``s12``), as ``person list`` and ``person find`` show them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from forumdesk.cli import _lists, _output, _session
from forumdesk.domain.errors import InputRefused
from forumdesk.domain.people import Entry, PersonDetail, SignIn, SubjectAccess
from forumdesk.i18n import _, ngettext


def register(commands: Any) -> None:
    person = commands.add_parser(
        "person",
        help=_("people: list, show, find, merge, unlink, erase, export what is held"),
        description=_(
            "A person is the sign-ins a facilitator confirmed are one human being. Name a "
            "person by their number (4) and a sign-in not linked to anyone by s and its "
            "number (s12), as 'person list' and 'person find' show them."
        ),
    )
    verbs = person.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser(
        "list", help=_("every person, with their sign-ins, forums and last attendance")
    )
    listing.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _lists.add_options(listing)
    listing.set_defaults(handler=run_list)

    show = verbs.add_parser("show", help=_("everything held about a person"))
    show.add_argument("person", help=_("a person (4) or a sign-in (s12)"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=run_show)

    finding = verbs.add_parser(
        "find", help=_("people and sign-ins whose name or contact details hold TEXT")
    )
    finding.add_argument("text")
    finding.add_argument("--json", action="store_true", help=_("print a JSON array"))
    finding.set_defaults(handler=run_find)

    merge = verbs.add_parser(
        "merge",
        help=_("confirm that people and sign-ins are one person"),
        description=_(
            "Makes one person of everything named: 'person merge s12 s15' makes a new "
            "person of two sign-ins; 'person merge 4 s15' adds a sign-in to person 4; "
            "'person merge 4 7' folds person 7 into person 4 (the first person named keeps "
            "their number). Nothing is ever linked without this command or the People "
            "window: 'person show' lists the sign-ins that look like the same person."
        ),
    )
    merge.add_argument("people", nargs="+", metavar="ID", help=_("a person (4) or a sign-in (s12)"))
    merge.set_defaults(handler=run_merge)

    unlink = verbs.add_parser("unlink", help=_("take sign-ins out of the person they are in"))
    unlink.add_argument("sign_ins", nargs="+", metavar="SIGN-IN", help=_("a sign-in (s12)"))
    unlink.set_defaults(handler=run_unlink)

    erase = verbs.add_parser(
        "erase", help=_("erase a person's name and contact details (their request)")
    )
    erase.add_argument("person", help=_("a person (4) or a sign-in (s12)"))
    erase.add_argument("--by", metavar="NAME", help=_("who asked for it, or who did it"))
    erase.add_argument(
        "--yes", action="store_true", help=_("do not ask (for scripts): erase at once")
    )
    erase.set_defaults(handler=run_erase)

    export = verbs.add_parser(
        "export", help=_("write everything held about a person (subject access): PDF or JSON")
    )
    export.add_argument("person", help=_("a person (4) or a sign-in (s12)"))
    export.add_argument(
        "--out", metavar="FILE", help=_("where to write it: FILE.pdf, or FILE.json with --json")
    )
    export.add_argument(
        "--json", action="store_true", help=_("write JSON (printed when there is no --out)")
    )
    export.set_defaults(handler=run_export)


def _name(entry: Entry) -> str:
    """How a list shows whom an entry is: their name, or why there is none."""
    if entry.erased_at is not None:
        return _("(erased on {date})").format(date=entry.erased_at.date().isoformat())
    return entry.name or entry.contact or _("(no name)")


def _who(entry: Entry) -> str:
    """A person or sign-in named without their name: ``person 4``, ``sign-in s12``."""
    if entry.person_id is not None:
        return _("person {id}").format(id=entry.person_id)
    return _("sign-in s{id}").format(id=entry.attendance_id)


def _print_entries(entries: list[Entry], empty: str) -> None:
    _output.print_table(
        [_("ID"), _("Name"), _("Contact"), _("Sign-ins"), _("Forums"), _("Last attended")],
        [(e.key, _name(e), e.contact, e.sign_ins, e.forums, e.last_attended) for e in entries],
        widths=[None, 30, 30, None, None, None],
        empty=empty,
    )


def run_list(args: argparse.Namespace) -> int:
    from forumdesk.core import people

    rows = _lists.rows(args)
    found = _session.read(args, lambda s: people.list_people(s, rows=rows))
    if args.json:
        _output.print_json(found)
        _lists.say_more(args, len(found), rows.total)
        return 0
    _print_entries(
        found,
        _(
            "No one is linked as a person yet: 'forumdesk person find TEXT' finds sign-ins, "
            "'forumdesk person merge' links them."
        ),
    )
    _lists.say_more(args, len(found), rows.total)
    return 0


def run_find(args: argparse.Namespace) -> int:
    from forumdesk.core import people

    if not args.text.strip():
        raise InputRefused(_("Say what to look for: part of a name or contact detail."))
    found = _session.read(args, lambda s: people.find(s, args.text))
    if args.json:
        _output.print_json(found)
        return 0
    _print_entries(
        found,
        _("No person or sign-in has a name or contact detail holding {text}.").format(
            text=repr(args.text)
        ),
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    from forumdesk.core import people

    def read(session: Any) -> tuple[PersonDetail, list[Any]]:
        return people.detail(session, args.person), people.suggestions(session, args.person)

    held, maybe = _session.read(args, read)
    if args.json:
        _output.print_json({"person": held, "suggestions": maybe})
        return 0
    for line in describe(held):
        print(line)
    if maybe:
        print()
        print(_("These sign-ins look like the same person (not linked unless you say so):"))
        for s in maybe:
            print(
                _("  s{id}  {meeting}  {name}  ({why}; {owner})").format(
                    id=s.attendance_id,
                    meeting=s.meeting,
                    name=s.name or s.contact or "",
                    why=s.why,
                    owner=s.owner,
                )
            )
        print(
            _("Link them with: forumdesk person merge {key} {sign_ins}").format(
                key=held.entry.key,
                sign_ins=" ".join(f"s{s.attendance_id}" for s in maybe),
            )
        )
    return 0


def describe(held: PersonDetail) -> list[str]:
    """A person's record as lines of text: what ``person show`` prints."""
    entry = held.entry
    lines = [
        _("Person {id}").format(id=entry.person_id)
        if entry.person_id is not None
        else _("Sign-in s{id} (not linked to a person)").format(id=entry.attendance_id)
    ]
    if entry.erased_at is not None:
        lines.append(
            _("Personal data erased on {date}.").format(date=entry.erased_at.date().isoformat())
        )
    lines += [_("Name: {name}").format(name=n) for n in held.names]
    lines += [_("Contact: {contact}").format(contact=c) for c in held.contacts]
    count = len(held.sign_ins)
    lines.append(ngettext("{n} sign-in:", "{n} sign-ins:", count).format(n=count))
    for s in held.sign_ins:
        lines.append(
            _("  s{id}  {meeting}  {role}, {presence}; {consents}").format(
                id=s.id,
                meeting=s.meeting,
                role=s.role.label,
                presence=s.presence.label.lower(),
                consents=_consents(s),
            )
        )
    if held.issues:
        lines.append(_("Issues raised:"))
        lines += [
            _("  {reference}  {title} ({meeting})").format(
                reference=i.reference, title=i.title, meeting=i.meeting or ""
            )
            for i in held.issues
        ]
    if held.engagements:
        lines.append(_("Forums taken part in:"))
        for e in held.engagements:
            lines.append(
                ngettext(
                    "  {forum} ({code}): {n} meeting, {first} to {last}",
                    "  {forum} ({code}): {n} meetings, {first} to {last}",
                    e.meetings,
                ).format(
                    forum=e.forum_name,
                    code=e.forum_code,
                    n=e.meetings,
                    first=e.first.isoformat(),
                    last=e.last.isoformat(),
                )
            )
    if held.taking_part:
        lines.append(_("Engagements taken part in:"))
        lines += [
            _("  {reference}  {title} ({role})").format(
                reference=p.reference, title=p.title, role=p.role.label
            )
            for p in held.taking_part
        ]
    if held.offers:
        lines.append(_("Offers:"))
        lines += [
            _("  {kind}: {description} ({status})").format(
                kind=o.kind.label, description=o.description, status=o.status.label.lower()
            )
            for o in held.offers
        ]
    return lines


def _consents(sign_in: SignIn) -> str:
    def when(at: Any) -> str:
        return at.date().isoformat() if at is not None else _("date not recorded")

    if sign_in.role.is_public:
        named = _("named in a public role")
    elif sign_in.consent_named:
        named = _("consented to be named ({date})").format(date=when(sign_in.consent_named_at))
    else:
        named = _("not named")
    if sign_in.consent_contact:
        contact = _("consented to be contacted ({date})").format(
            date=when(sign_in.consent_contact_at)
        )
    else:
        contact = _("not to be contacted")
    return f"{named}, {contact}"


def run_merge(args: argparse.Namespace) -> int:
    from forumdesk.core import people

    done = _session.run(args, lambda s: people.merge(s, args.people))
    moved = len(done.moved)
    said = (
        ngettext("Person {id} made of {n} sign-in.", "Person {id} made of {n} sign-ins.", moved)
        if done.created
        else ngettext(
            "{n} sign-in linked to person {id}.", "{n} sign-ins linked to person {id}.", moved
        )
    )
    print(said.format(id=done.person_id, n=moved))
    if done.merged:
        print(
            ngettext(
                "Person {people} was merged into person {id}.",
                "People {people} were merged into person {id}.",
                len(done.merged),
            ).format(people=", ".join(str(p) for p in done.merged), id=done.person_id)
        )
    return 0


def run_unlink(args: argparse.Namespace) -> int:
    from forumdesk.core import people

    ids = [_sign_in(text) for text in args.sign_ins]
    done = _session.run(args, lambda s: people.unlink(s, ids))
    print(
        ngettext("{n} sign-in unlinked.", "{n} sign-ins unlinked.", len(done.moved)).format(
            n=len(done.moved)
        )
    )
    if done.removed:
        print(
            ngettext(
                "Person {people} had no sign-in left and was removed.",
                "People {people} had no sign-in left and were removed.",
                len(done.removed),
            ).format(people=", ".join(str(p) for p in done.removed))
        )
    return 0


def _sign_in(text: str) -> int:
    """A sign-in named ``s12`` (or ``12``)."""
    from forumdesk.core import people

    value = text.strip().lower()
    return people.parse_key(value if value.startswith("s") else f"s{value}")[1]


def run_erase(args: argparse.Namespace) -> int:
    from forumdesk.core import erasure, people

    held = _session.read(args, lambda s: people.detail(s, args.person))
    count = len(held.sign_ins)
    meetings = ", ".join(dict.fromkeys(s.meeting for s in held.sign_ins))
    who = _who(held.entry)
    if not args.yes and not _confirm(
        ngettext(
            "Erase the name and contact details of {who} from {n} sign-in ({meetings})? "
            "This cannot be undone, and the erasure goes to other desks with the next "
            "export. [y/N] ",
            "Erase the name and contact details of {who} from {n} sign-ins ({meetings})? "
            "This cannot be undone, and the erasure goes to other desks with the next "
            "export. [y/N] ",
            count,
        ).format(who=who, n=count, meetings=meetings)
    ):
        print(_("Nothing was erased."))
        return 1

    def erase(session: Any) -> erasure.ErasureInfo:
        if held.entry.person_id is not None:
            return erasure.erase_person(session, held.entry.person_id, by=args.by)
        assert held.entry.attendance_id is not None  # an entry is a person or a sign-in
        return erasure.erase(session, [held.entry.attendance_id], reason="request", by=args.by)

    done = _session.run(args, erase)
    erased = len(done.attendance)
    print(
        ngettext(
            "Erased the name and contact details of {who} from {n} sign-in (erasure {uuid}).",
            "Erased the name and contact details of {who} from {n} sign-ins (erasure {uuid}).",
            erased,
        ).format(who=who, n=erased, uuid=done.uuid)
    )
    return 0


def _confirm(question: str) -> bool:
    """Asks on the terminal; no terminal (a script) is refused, with the way round it."""
    if not sys.stdin or not sys.stdin.isatty():
        raise InputRefused(
            _("Nothing was erased: there is no one to ask. Add --yes to erase without asking.")
        )
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in (_("y"), _("yes"), "y", "yes")


def run_export(args: argparse.Namespace) -> int:
    from forumdesk.core import people

    as_json = args.json or (args.out or "").lower().endswith(".json")
    if not args.out and not as_json:
        raise InputRefused(
            _("Say where to write it: --out FILE.pdf, or --json for JSON (--out FILE.json).")
        )
    if args.out and not as_json and not args.out.lower().endswith(".pdf"):
        raise InputRefused(
            _("{path} is neither a .pdf nor a .json file: say --out FILE.pdf or FILE.json.").format(
                path=args.out
            )
        )
    access = _session.read(args, lambda s: people.subject_access(s, args.person))
    left_out = _session.read(args, lambda s: people.look_alikes_left_out(s, args.person))
    if left_out:  # not linked, so not in the answer: the officer decides
        sys.stderr.write(f"forumdesk: {left_out}\n")
    if as_json:
        from forumdesk.reports.subject_access import subject_access_json

        data = subject_access_json(access)
        if not args.out:
            sys.stdout.write(data.decode("utf-8"))
            return 0
    else:
        data = _pdf(args, access)
    _output.write_file(Path(args.out), data)
    print(
        _("Everything held about {who} written to {path}.").format(
            who=_who(access.detail.entry), path=args.out
        )
    )
    return 0


def _pdf(args: argparse.Namespace, access: SubjectAccess) -> bytes:
    from forumdesk import settings
    from forumdesk.core import preferences
    from forumdesk.reports.subject_access import render_subject_access

    council = _session.read(args, lambda s: preferences.get_setting(s, settings.COUNCIL_NAME.key))
    language = _session.read(args, preferences.document_language)
    return render_subject_access(access, council=council, language=language)
