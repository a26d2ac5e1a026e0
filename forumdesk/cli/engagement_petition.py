"""`forumdesk engagement` verbs of the petition part (issue 14): signatures, petitioner, sheets,
respond."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from forumdesk.cli import _output, _parsing, _session
from forumdesk.domain.errors import InputRefused
from forumdesk.i18n import _, ngettext


def register(verbs: Any) -> None:
    """Adds this part's verbs to `forumdesk engagement`."""
    _signatures(verbs)
    _petitioner(verbs)
    _sheets(verbs)
    _respond(verbs)


def _signatures(verbs: Any) -> None:
    signatures = verbs.add_parser(
        "signatures",
        help=_("petition: enter a paper sheet's signatures or the online total"),
        description=_(
            "Enters the signatures of one paper sheet (--sheet and --count; a sheet already "
            "entered is refused unless --replace corrects it), the online total from the "
            "e-petition system (--online), or that total read from its CSV export "
            "(--online-csv). Reaching a threshold adds the petition to the agenda of the "
            "forum's next planned meeting and starts the council's response clock."
        ),
    )
    signatures.add_argument("ref", metavar="ID", help=_("petition id or reference"))
    signatures.add_argument(
        "--sheet", type=_parsing.positive_int, metavar="N", help=_("the paper sheet's number")
    )
    signatures.add_argument(
        "--count", type=_parsing.count, metavar="N", help=_("signatures on that sheet")
    )
    signatures.add_argument(
        "--replace", action="store_true", help=_("correct a sheet entered before")
    )
    signatures.add_argument(
        "--online", type=_parsing.count, metavar="N", help=_("the online total so far")
    )
    signatures.add_argument(
        "--online-csv",
        metavar="FILE",
        help=_("read the online total from the e-petition system's CSV export"),
    )
    signatures.set_defaults(handler=run_signatures)


def run_signatures(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import petition

    paper = args.sheet is not None or args.count is not None
    chosen = sum((paper, args.online is not None, args.online_csv is not None))
    if chosen != 1:
        raise InputRefused(_("Give one of: --sheet N --count N, --online N, or --online-csv FILE."))
    if paper and (args.sheet is None or args.count is None):
        raise InputRefused(_("A paper sheet needs both its number (--sheet) and --count."))
    if args.replace and not paper:
        raise InputRefused(_("--replace corrects a paper sheet: give --sheet and --count."))
    if paper:
        done = _session.run(
            args, lambda s: petition.enter_sheet(s, args.ref, args.sheet, args.count, args.replace)
        )
    elif args.online is not None:
        done = _session.run(args, lambda s: petition.set_online(s, args.ref, args.online))
    else:
        data = _output.read_file(args.online_csv)
        done = _session.run(args, lambda s: petition.import_online_csv(s, args.ref, data))
    for message in done.messages:
        print(message)
    return 0


def _petitioner(verbs: Any) -> None:
    petitioner = verbs.add_parser(
        "petitioner",
        help=_("petition: record the lead petitioner"),
        description=_(
            "Records the petition's lead petitioner. A name is kept only with their consent "
            "to be named (--consent-named), contact details only with consent to be "
            "contacted (--consent-contact)."
        ),
    )
    petitioner.add_argument("ref", metavar="ID", help=_("petition id or reference"))
    petitioner.add_argument("--name", help=_("the lead petitioner's name"))
    petitioner.add_argument(
        "--consent-named", action="store_true", help=_("they agreed to be named")
    )
    petitioner.add_argument("--contact", help=_("an email address or telephone number"))
    petitioner.add_argument(
        "--consent-contact", action="store_true", help=_("they agreed to be contacted")
    )
    petitioner.set_defaults(handler=run_petitioner)


def run_petitioner(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import petition

    made = _session.run(
        args,
        lambda s: petition.add_lead_petitioner(
            s,
            args.ref,
            name=args.name,
            consent_named=args.consent_named,
            contact=args.contact,
            consent_contact=args.consent_contact,
        ),
    )
    if made.name:
        print(_("Recorded {name} as the lead petitioner.").format(name=made.name))
    else:
        print(_("Recorded the lead petitioner, not named."))
    return 0


def _sheets(verbs: Any) -> None:
    sheets = verbs.add_parser(
        "sheets",
        help=_("petition: print blank signature sheets (PDF)"),
        description=_(
            "Writes numbered signature sheets to print: the petition's reference, title and "
            "wording, the privacy notice, and ruled rows for name, address or postcode and "
            "signature."
        ),
    )
    sheets.add_argument("ref", metavar="ID", help=_("petition id or reference"))
    sheets.add_argument(
        "--out", required=True, metavar="FILE.pdf", help=_("where to write the PDF")
    )
    sheets.add_argument(
        "--pages",
        type=_parsing.positive_int,
        default=10,
        metavar="N",
        help=_("how many sheets (default 10)"),
    )
    sheets.add_argument(
        "--first",
        type=_parsing.positive_int,
        default=1,
        metavar="N",
        help=_("the first sheet's number (default 1), to print more sheets later"),
    )
    sheets.set_defaults(handler=run_sheets)


def run_sheets(args: argparse.Namespace) -> int:
    from forumdesk.reports.engagements import petition_sheets

    today = date.today()
    data = _session.read(
        args,
        lambda s: petition_sheets.sheets_pdf(
            s, args.ref, pages=args.pages, first=args.first, today=today
        ),
    )
    _output.write_file(Path(args.out), data)
    print(
        ngettext(
            "{n} signature sheet written to {path} (numbered {first} to {last}).",
            "{n} signature sheets written to {path} (numbered {first} to {last}).",
            args.pages,
        ).format(n=args.pages, path=args.out, first=args.first, last=args.first + args.pages - 1)
    )
    return 0


def _respond(verbs: Any) -> None:
    respond = verbs.add_parser(
        "respond",
        help=_("petition: record the council's response"),
        description=_(
            "Records the council's response to the petition and the day it was given (today "
            "unless --date says otherwise), as the petition's panel in the window does. "
            "Recording it again replaces the response."
        ),
    )
    respond.add_argument("ref", metavar="ID", help=_("petition id or reference"))
    respond.add_argument("text", help=_("the council's response"))
    respond.add_argument(
        "--date",
        type=_parsing.iso_date,
        metavar="DATE",
        help=_("the day the council responded (default: today)"),
    )
    respond.set_defaults(handler=run_respond)


def run_respond(args: argparse.Namespace) -> int:
    from forumdesk.core.engagements import petition

    day = args.date or date.today()
    done = _session.run(args, lambda s: petition.record_response(s, args.ref, args.text, day))
    for message in done.messages:
        print(message)
    return 0
