"""`forumdesk desk show|trust|list|revoke`: this desk's identity and the desks it trusts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from forumdesk.cli import _lists, _output, _session
from forumdesk.domain.errors import InputRefused
from forumdesk.i18n import _, ngettext


def register(commands: Any) -> None:
    desk = commands.add_parser(
        "desk", help=_("this desk's identity and key, and the desks it trusts")
    )
    verbs = desk.add_subparsers(dest="verb", metavar="VERB", required=True)
    show = verbs.add_parser("show", help=_("this desk's name, UUID, mark and key fingerprint"))
    show.set_defaults(handler=run_show)
    trust = verbs.add_parser("trust", help=_("trust the desk that signed an exchange file"))
    trust.add_argument("file", help=_("an exchange file that desk exported"))
    trust.add_argument(
        "--yes", action="store_true", help=_("do not ask (for scripts): trust it at once")
    )
    trust.set_defaults(handler=run_trust)
    listing = verbs.add_parser("list", help=_("the desks this desk trusts, and revoked ones"))
    listing.add_argument("--json", action="store_true", help=_("print a JSON array"))
    _lists.add_options(listing)
    listing.set_defaults(handler=run_list)
    revoke = verbs.add_parser("revoke", help=_("stop trusting a desk"))
    revoke.add_argument("desk", help=_("its name, UUID, or the start of its fingerprint"))
    revoke.set_defaults(handler=run_revoke)


def run_show(args: argparse.Namespace) -> int:
    from forumdesk.exchange import trust

    me = _session.read(args, trust.this_desk)
    known = _session.read(args, trust.trusted_desks)
    count = len([d for d in known if d.revoked_at is None])
    print(_("This desk: {name}").format(name=trust.clean_name(me.name)))
    print(_("UUID: {uuid}").format(uuid=me.uuid))
    print(_("Mark: {mark}").format(mark=me.mark))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=me.fingerprint))
    print(_("Key file: {path}").format(path=me.key_path))
    if count:
        print(
            ngettext(
                "It trusts {n} desk (forumdesk desk list) and refuses files no trusted desk "
                "signed.",
                "It trusts {n} desks (forumdesk desk list) and refuses files no trusted desk "
                "signed.",
                count,
            ).format(n=count)
        )
    elif known:
        print(_("It has revoked every desk it trusted, so it refuses every other desk's file."))
    else:
        print(_("It trusts no desks yet, so it takes files from any desk."))
    return 0


def run_trust(args: argparse.Namespace) -> int:
    from forumdesk.exchange import trust

    signer = trust.signer_of_file(Path(args.file).expanduser())
    print(
        _("The file was signed by desk {name} ({uuid}).").format(name=signer.name, uuid=signer.uuid)
    )
    print(_("Its key's fingerprint: {fingerprint}").format(fingerprint=signer.fingerprint))
    if not args.yes and not _confirm(
        _("Check it with that desk (by phone). Trust this desk? [y/N] ")
    ):
        print(_("Nothing was trusted."))
        return 1
    done = _session.run(args, lambda s: trust.trust(s, signer))
    if done.change == "already":
        print(_("Desk {name} was trusted already, with this key.").format(name=done.desk.name))
    elif done.change == "replaced":
        print(
            _("Desk {name} is now trusted with its new key (it was {previous}).").format(
                name=done.desk.name, previous=done.previous_fingerprint
            )
        )
    else:
        print(
            _("Desk {name} is trusted: this desk now takes files it signs.").format(
                name=done.desk.name
            )
        )
    return 0


def _confirm(question: str) -> bool:
    """Asks on the terminal; no terminal (a script) is a no, said with the way round it."""
    if not sys.stdin or not sys.stdin.isatty():
        raise InputRefused(
            _("Nothing was trusted: there is no one to ask. Add --yes to trust it without asking.")
        )
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in (_("y"), _("yes"), "y", "yes")


def run_list(args: argparse.Namespace) -> int:
    from forumdesk.exchange import trust

    rows = _lists.rows(args)
    found = _session.read(args, lambda s: trust.trusted_desks(s, rows))
    if args.json:
        _output.print_json(found)
        _lists.say_more(args, len(found), rows.total)
        return 0
    _output.print_table(
        [_("Desk"), _("UUID"), _("Fingerprint"), _("Trusted"), _("Revoked")],
        [(d.name, d.uuid, d.fingerprint, d.trusted_at, d.revoked_at) for d in found],
        widths=[30, None, None, None, None],
        empty=_("This desk trusts no desks yet, so it takes files from any desk."),
    )
    _lists.say_more(args, len(found), rows.total)
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from forumdesk.exchange import trust

    done = _session.run(args, lambda s: trust.revoke(s, args.desk))
    print(
        _("Desk {name} ({fingerprint}) is no longer trusted: files it signs are refused.").format(
            name=done.name, fingerprint=done.fingerprint
        )
    )
    return 0
