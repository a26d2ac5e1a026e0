"""Extracts the message catalogue from the source and keeps the translations in step.

    python tools/catalogue.py          # writes resources/locale/forumdesk.pot and merges
                                       # it into each resources/locale/*/LC_MESSAGES/forumdesk.po
    python tools/catalogue.py --check  # exits 1 if the template or a .po is out of date

Messages are read with ``ast`` from every ``_()``, ``N_()``, ``ngettext()`` in forumdesk/,
and from a document's ``tr.gettext()``/``tr.ngettext()`` (the same catalogue serves the
documents' own language); ``pgettext(context, text)`` gives a message with a context.
Qt's own texts that the window shows are listed in ``QT_MESSAGES`` under their Qt context
(gui/app.py answers Qt's ``translate()`` from the catalogue). The merge is msgmerge's:
a translation is kept for a message still in the source, a message gone from the source
is dropped, a new one is added untranslated. No Babel, no GNU gettext needed.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forumdesk.catalogues import (  # noqa: E402
    LOCALE,
    Message,
    read_po,
    write_po,
)

PACKAGE = ROOT / "forumdesk"
SINGULAR = {"_", "N_", "gettext"}
PLURAL = {"ngettext"}
CONTEXT = {"pgettext"}

#: Qt's own texts that ForumDesk's window shows (buttons of QDialogButtonBox and
#: QMessageBox, the file dialog, a text field's context menu), by Qt context.
QT_MESSAGES: tuple[tuple[str, str], ...] = (
    ("QPlatformTheme", "OK"),
    ("QPlatformTheme", "&OK"),
    ("QPlatformTheme", "Save"),
    ("QPlatformTheme", "&Save"),
    ("QPlatformTheme", "Save All"),
    ("QPlatformTheme", "Open"),
    ("QPlatformTheme", "&Yes"),
    ("QPlatformTheme", "Yes to &All"),
    ("QPlatformTheme", "&No"),
    ("QPlatformTheme", "N&o to All"),
    ("QPlatformTheme", "Abort"),
    ("QPlatformTheme", "Retry"),
    ("QPlatformTheme", "Ignore"),
    ("QPlatformTheme", "Close"),
    ("QPlatformTheme", "Cancel"),
    ("QPlatformTheme", "Discard"),
    ("QPlatformTheme", "Don't Save"),
    ("QPlatformTheme", "Close without Saving"),
    ("QPlatformTheme", "Help"),
    ("QPlatformTheme", "Apply"),
    ("QPlatformTheme", "Reset"),
    ("QPlatformTheme", "Restore Defaults"),
    ("QMessageBox", "Show Details..."),
    ("QMessageBox", "Hide Details..."),
    ("QWidgetTextControl", "&Undo"),
    ("QWidgetTextControl", "&Redo"),
    ("QWidgetTextControl", "Cu&t"),
    ("QWidgetTextControl", "&Copy"),
    ("QWidgetTextControl", "&Paste"),
    ("QWidgetTextControl", "Delete"),
    ("QWidgetTextControl", "Select All"),
    ("QWidgetTextControl", "Copy &Link Location"),
    ("QLineEdit", "&Undo"),
    ("QLineEdit", "&Redo"),
    ("QLineEdit", "Cu&t"),
    ("QLineEdit", "&Copy"),
    ("QLineEdit", "&Paste"),
    ("QLineEdit", "Delete"),
    ("QLineEdit", "Select All"),
    ("QFileDialog", "Look in:"),
    ("QFileDialog", "File &name:"),
    ("QFileDialog", "Files of type:"),
    ("QFileDialog", "&Open"),
    ("QFileDialog", "&Save"),
    ("QFileDialog", "&Choose"),
    ("QFileDialog", "Open"),
    ("QFileDialog", "Save As"),
    ("QFileDialog", "Find Directory"),
    ("QFileDialog", "Directory:"),
    ("QFileDialog", "Directories"),
    ("QFileDialog", "All Files (*)"),
    ("QFileDialog", "Back"),
    ("QFileDialog", "Forward"),
    ("QFileDialog", "Parent Directory"),
    ("QFileDialog", "Create New Folder"),
    ("QFileDialog", "List View"),
    ("QFileDialog", "Detail View"),
    ("QFileDialog", "New Folder"),
    ("QFileDialog", "&Rename"),
    ("QFileDialog", "&Delete"),
    ("QFileDialog", "Show &hidden files"),
    ("QFileDialog", "&New Folder"),
    ("QFileDialog", "My Computer"),
    ("QFileDialog", "Computer"),
    ("QFileDialog", "Recent Places"),
    ("QFileDialog", "Delete"),
    ("QFileDialog", "Are you sure you want to delete '%1'?"),
    ("QFileDialog", "%1 already exists.\nDo you want to replace it?"),
    ("QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given."),
    ("QFileSystemModel", "Name"),
    ("QFileSystemModel", "Size"),
    ("QFileSystemModel", "Type"),
    ("QFileSystemModel", "Date Modified"),
    ("QFileSystemModel", "Kind"),
)


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _text(node: ast.expr) -> str | None:
    """The value of a literal string (implicitly joined pieces included), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def extract(package: Path = PACKAGE) -> dict[tuple[str | None, str], Message]:
    """Every message marked in the package's source, by (context, msgid), in source order."""
    found: dict[tuple[str | None, str], Message] = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent).as_posix()
        if "/migrations/" in relative:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
        calls.sort(key=lambda node: (node.lineno, node.col_offset))
        for call in calls:
            name = _name(call.func)
            args = call.args
            # The file alone, as xgettext's --add-location=file: a line added above a
            # message must not make the template out of date.
            where = relative
            if name in SINGULAR and len(args) == 1 and (msgid := _text(args[0])):
                key: tuple[str | None, str] = (None, msgid)
                plural = None
            elif name in PLURAL and len(args) == 3 and (msgid := _text(args[0])):
                plural = _text(args[1])
                if plural is None:
                    continue
                key = (None, msgid)
            elif name in CONTEXT and len(args) == 2 and (msgid := _text(args[1])):
                context = _text(args[0])
                key, plural = (context, msgid), None
            else:
                continue
            message = found.get(key)
            if message is None:
                found[key] = Message(key[0], msgid, plural, [], [where])
            else:
                if where not in message.locations:
                    message.locations.append(where)
                if plural and not message.plural:
                    message.plural = plural
    for context, msgid in QT_MESSAGES:
        found.setdefault((context, msgid), Message(context, msgid, None, [], ["Qt (gui/app.py)"]))
    return found


def merge(template: dict, po: Path) -> list[Message]:
    """The template's messages with the translations ``po`` already has."""
    _header, old = read_po(po) if po.exists() else ("", {})
    merged = []
    for key, message in template.items():
        known = old.get(key)
        translations = list(known.translations) if known else []
        if known and bool(known.plural) != bool(message.plural):
            translations = []
        merged.append(
            Message(
                message.context,
                message.msgid,
                message.plural,
                translations,
                message.locations,
                fuzzy=bool(known and known.fuzzy),
            )
        )
    return merged


def main(argv: list[str]) -> int:
    check = "--check" in argv
    template = extract()
    pot = LOCALE / "forumdesk.pot"
    text = write_po(list(template.values()), header=None)
    stale = []
    if not pot.exists() or pot.read_text(encoding="utf-8") != text:
        stale.append(pot)
        if not check:
            pot.write_text(text, encoding="utf-8")
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/forumdesk.po")):
        header, _old = read_po(po)
        merged = write_po(merge(template, po), header=header)
        if po.read_text(encoding="utf-8") != merged:
            stale.append(po)
            if not check:
                po.write_text(merged, encoding="utf-8")
    for path in stale:
        print(("out of date: " if check else "wrote ") + str(path.relative_to(ROOT)))
    print(f"{len(template)} messages")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
