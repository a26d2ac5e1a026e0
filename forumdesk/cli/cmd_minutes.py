"""`forumdesk minutes`: make the PDF, approve, reopen, and verify minutes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from forumdesk.cli import _output, _session
from forumdesk.cli._parsing import positive_int
from forumdesk.domain.document_text import CODES
from forumdesk.domain.errors import InputRefused
from forumdesk.i18n import _

VERBS = ("approve", "reopen", "verify")


def register(commands: Any) -> None:
    minutes = commands.add_parser(
        "minutes",
        help=_("minutes: make the PDF, approve, reopen, verify"),
        description=_(
            "forumdesk minutes MEETING --out FILE.pdf   makes the minutes (the approved "
            "version in force, else a draft);  forumdesk minutes approve MEETING  seals "
            "them as the next version;  forumdesk minutes reopen MEETING  starts a new "
            "draft;  forumdesk minutes verify FILE.pdf  checks a PDF against this database. "
            "MEETING is an id or a forum code and date: 'BHF 2026-03-04'."
        ),
    )
    minutes.add_argument(
        "words", nargs="+", metavar="MEETING | approve MEETING | reopen MEETING | verify FILE"
    )
    minutes.add_argument("--out", metavar="FILE.pdf", help=_("where to write the PDF"))
    minutes.add_argument(
        "--version", type=positive_int, help=_("make the PDF of this approved version")
    )
    minutes.add_argument("--no-issues", action="store_true", help=_("leave out the issues tables"))
    minutes.add_argument("--no-actions", action="store_true", help=_("leave out the actions table"))
    minutes.add_argument(
        "--no-resident-names",
        action="store_true",
        help=_("count residents instead of naming those who consented"),
    )
    minutes.add_argument(
        "--language",
        choices=CODES,
        help=_("the language of the minutes (default: the document_language setting)"),
    )
    minutes.add_argument("--by", metavar="NAME", help=_("approve: who approved them"))
    minutes.add_argument(
        "--agreed-at",
        metavar="MEETING",
        help=_("approve: the later meeting that agreed them as a true record"),
    )
    minutes.add_argument("--reason", help=_("reopen: why"))
    minutes.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from forumdesk.core import minutes, preferences
    from forumdesk.domain.document_text import language_label
    from forumdesk.reports import documents

    words = args.words
    verb = words[0] if words[0] in VERBS and len(words) == 2 else None
    target = " ".join(words[1:] if verb else words)

    def options(session: Any) -> minutes.MinutesOptions:
        return minutes.MinutesOptions(
            issues=not args.no_issues,
            actions=not args.no_actions,
            resident_names=not args.no_resident_names,
            language=preferences.document_language(session, args.language),
        )

    if verb == "verify":
        data = _output.read_file(target)
        result = _session.read(args, lambda s: documents.verify_pdf(s, data))
        print(result.message)
        return 0 if result.ok else 1
    if verb == "approve":
        made = _session.run(
            args,
            lambda s: documents.approve(
                s, target, approved_by=args.by, agreed_at=args.agreed_at, options=options(s)
            ),
        )
        print(
            _("Minutes approved as version {version}; content hash {content_hash}.").format(
                version=made.version, content_hash=made.content_hash
            )
        )
        return 0
    if verb == "reopen":
        done = _session.run(args, lambda s: minutes.reopen_minutes(s, target, reason=args.reason))
        print(
            _(
                "Minutes reopened: version {version} stays on record; the next approval "
                "makes version {next_version}."
            ).format(version=done.version, next_version=done.version + 1)
        )
        return 0
    if not args.out:
        raise InputRefused(_("Say where to write the minutes: --out FILE.pdf."))

    def make(session: Any) -> bytes:
        if args.version is None:
            sealed = minutes.minutes_state(session, target).sealed
            written = sealed.content.get("language", "en") if sealed else None
            if written is not None and args.language and args.language != written:
                sys.stderr.write(
                    "forumdesk: "
                    + _(
                        "These minutes were approved in {language}: the approved version is "
                        "written as it was sealed."
                    ).format(language=language_label(written))
                    + "\n"
                )
            return documents.minutes_pdf(session, target, options(session))
        state = minutes.minutes_state(session, target)
        chosen = next((v for v in state.versions if v.version == args.version), None)
        if chosen is None:
            raise InputRefused(
                _("These minutes have no approved version {version}.").format(version=args.version)
            )
        return documents.version_pdf(session, chosen)

    data = _session.run(args, make)
    _output.write_file(Path(args.out), data)
    print(_("Minutes written to {path}.").format(path=args.out))
    return 0
