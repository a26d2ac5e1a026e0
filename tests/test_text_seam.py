"""Every sentence a person reads passes through the text seam (forumdesk/i18n.py).

The check reads the source: a string literal that looks like words (it has a space, or
starts with a capital letter) must sit inside ``_()``, ``N_()``, ``ngettext()`` or a
document's ``gettext``/``ngettext``, unless it is plainly not text for people: a
docstring, SQL, a logging call, a key or name given to Qt or argparse, a dict key. A line
may say why its literal is not for translation with a comment ``# i18n: not text``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "forumdesk"
# Demo content is sample data, typed as a person would, not interface text; the names of
# days and months are translated by domain/language.py's own table for each language.
SKIPPED = (
    "db/migrations/",
    "i18n.py",
    "core/demo.py",
    "core/engagements/jury_demo.py",
    "domain/language.py",
)
# Every part of the package (path prefixes): a new module is checked from its first line.
CHECKED: tuple[str, ...] = ("",)

MARKERS = {"_", "N_", "ngettext", "gettext", "pgettext", "npgettext"}
# Calls whose string arguments are names, keys or formats, not text for people.
NOT_TEXT_CALLS = {
    "setObjectName",
    "setProperty",
    "property",
    "value",
    "setValue",
    "remove",
    "contains",
    "beginGroup",
    "QSettings",
    "QKeySequence",
    "fromString",
    "getattr",
    "hasattr",
    "setattr",
    "isinstance",
    "exec_driver_sql",
    "execute",
    "text",
    "strftime",
    "strptime",
    "fromisoformat",
    "compile",
    "match",
    "search",
    "sub",
    "split",
    "startswith",
    "endswith",
    "encode",
    "decode",
    "open",
    "get",
    "pop",
    "setdefault",
    "debug",
    "info",
    "warning",
    "error",
    "exception",
    "getLogger",
    "add_argument",  # checked apart: its help= and metavar
    "set_defaults",
    "add_parser",  # checked apart: its help=
    "add_subparsers",
    "mark_sql",
    "TypeVar",
    "NewType",
    "namedtuple",
    "Signal",
    "Slot",
    "field",
    "register_font",
    "registerFont",
    "TTFont",
    "ParagraphStyle",
    "setFont",
    "setStyleSheet",
    "fromTheme",
    "QColor",
    "QUrl",
    "Path",
    "joinpath",
    "with_name",
    "with_suffix",
    "glob",
    "rglob",
    "environ",
    "getenv",
    "import_module",
    "event",
    "listens_for",
    "Column",
    "mapped_column",
    "relationship",
    "ForeignKey",
    "Index",
    "UniqueConstraint",
    "CheckConstraint",
    "Table",
    "select",
    "where",
}
# Keyword arguments of argparse that people read.
ARGPARSE_TEXT = {"help", "description", "epilog"}
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|PRAGMA|BEGIN|WITH|ALTER)\b")
WORDS = re.compile(r"[A-Za-z]{2}")


def looks_like_text(value: str) -> bool:
    """Whether a literal reads as words for a person rather than a key or a format."""
    if not WORDS.search(value) or SQL.match(value):
        return False
    stripped = value.strip().lstrip("&")
    return " " in stripped or bool(re.match(r"[A-Z][a-z]", stripped))


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def bare_text(path: Path) -> Iterator[tuple[int, str]]:
    """(line, literal) of each string in ``path`` that reads as text and is not marked."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in MARKERS or name in NOT_TEXT_CALLS:
                for child in ast.walk(node):
                    skip.add(id(child))
                if name in {"add_argument", "add_parser", "add_subparsers"}:
                    for keyword in node.keywords:  # what --help prints is text
                        if keyword.arg in ARGPARSE_TEXT:
                            for child in ast.walk(keyword.value):
                                skip.discard(id(child))
                            for child in ast.walk(keyword.value):
                                if isinstance(child, ast.Call) and _name(child.func) in MARKERS:
                                    for inner in ast.walk(child):
                                        skip.add(id(inner))
        elif isinstance(node, ast.Dict):
            for key in node.keys:
                if key is not None:
                    skip.add(id(key))
        elif isinstance(node, ast.Subscript | ast.Compare):
            for child in ast.walk(node.slice if isinstance(node, ast.Subscript) else node):
                skip.add(id(child))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(
                part.value
                for part in node.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            for part in node.values:
                skip.add(id(part))
        else:
            continue
        if not looks_like_text(text):
            continue
        line = lines[node.lineno - 1]
        if "# i18n: not text" in line:
            continue
        yield node.lineno, text


def test_every_sentence_passes_through_the_text_seam() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {text[:60]!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if str(path.relative_to(PACKAGE)).startswith(CHECKED)
        and not any(part in str(path.relative_to(PACKAGE)) for part in SKIPPED)
        for line, text in bare_text(path)
    ]
    assert not found, f"{len(found)} strings outside the text seam:\n" + "\n".join(found)
