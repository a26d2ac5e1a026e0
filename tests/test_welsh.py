"""The Welsh catalogue: complete, faithful to each message's placeholders and mnemonic,
compiled from its .po when needed, and spoken by the command line."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from forumdesk import catalogues, i18n

ROOT = Path(__file__).resolve().parent.parent
WELSH_PO = ROOT / "resources" / "locale" / "cy" / "LC_MESSAGES" / "forumdesk.po"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d")
MNEMONIC = re.compile(r"&(?!&|nbsp;)(.)")


def _tool():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import catalogue
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return catalogue


@pytest.fixture(scope="module")
def welsh() -> dict:
    return catalogues.read_po(WELSH_PO)[1]


@pytest.fixture(scope="module")
def template() -> dict:
    """Every message the source marks today (read from the source, not from the .pot)."""
    return _tool().extract()


def test_the_welsh_header_declares_its_six_plural_forms() -> None:
    header, _messages = catalogues.read_po(WELSH_PO)
    assert (
        "Plural-Forms: nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : "
        "(n==3) ? 3 : (n==6) ? 4 : 5;" in header
    )
    assert "Language: cy" in header


def test_every_message_has_a_welsh_translation(template, welsh) -> None:
    missing = []
    for key, message in template.items():
        found = welsh.get(key)
        forms = found.translations if found else []
        wanted = 6 if message.plural is not None else 1
        if found is None or found.fuzzy or len(forms) != wanted or not all(forms):
            missing.append(f"{message.locations[0]}: {message.msgid[:70]!r}")
    assert not missing, (
        f"{len(missing)} messages have no (complete) Welsh translation; run "
        "'python tools/catalogue.py' and translate them in "
        + str(WELSH_PO.relative_to(ROOT))
        + ":\n"
        + "\n".join(missing)
    )


def test_the_template_in_the_repository_is_the_one_the_source_makes(template) -> None:
    pot = catalogues.LOCALE / "forumdesk.pot"
    assert pot.read_text(encoding="utf-8") == catalogues.write_po(
        list(template.values()), header=None
    ), "resources/locale/forumdesk.pot is out of date: run 'python tools/catalogue.py'"


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_every_translation_keeps_the_placeholders(welsh) -> None:
    """A placeholder dropped or misspelt would raise KeyError (or lose a name) when the
    message is shown. A plural form may leave out the count itself only where English
    does (the form for one)."""
    wrong = []
    for message in welsh.values():
        every = _placeholders(message.msgid) | _placeholders(message.plural or "")
        for index, text in enumerate(message.translations):
            found = _placeholders(text)
            required = every - {"{n}"} if message.plural is not None and index < 2 else every
            if not required <= found <= every:
                wrong.append(f"{message.msgid[:60]!r} form {index}: {sorted(found)}")
    assert not wrong, "\n".join(wrong)


def test_every_translation_keeps_one_mnemonic_where_the_english_has_one(welsh) -> None:
    wrong = []
    for message in welsh.values():
        english = len(MNEMONIC.findall(message.msgid))
        for text in message.translations:
            letters = MNEMONIC.findall(text)
            if len(letters) != english or not all(letter.isalnum() for letter in letters):
                wrong.append(f"{message.msgid!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_the_checks_catch_a_dropped_placeholder_and_a_lost_mnemonic() -> None:
    """The control for the two checks above: they can fail."""
    broken = {
        (None, "Wrote {path}."): catalogues.Message(None, "Wrote {path}.", None, ["Ysgrifennwyd."]),
        (None, "&Quit"): catalogues.Message(None, "&Quit", None, ["Gadael"]),
    }
    with pytest.raises(AssertionError):
        test_every_translation_keeps_the_placeholders(broken)
    with pytest.raises(AssertionError):
        test_every_translation_keeps_one_mnemonic_where_the_english_has_one(broken)


def test_the_welsh_catalogue_speaks_with_the_right_plural_form() -> None:
    cy = i18n.for_language("cy")
    said = [cy.ngettext("{n} meeting", "{n} meetings", n).format(n=n) for n in (0, 1, 2, 3, 6, 7)]
    assert said == [
        "0 cyfarfod",
        "1 cyfarfod",
        "2 gyfarfod",
        "3 chyfarfod",
        "6 chyfarfod",
        "7 cyfarfod",
    ]
    assert cy.gettext("Nothing was trusted.") == "Ni ymddiriedwyd mewn dim."
    assert cy.pgettext("QPlatformTheme", "Cancel") == "Canslo"


def test_a_missing_or_older_mo_is_made_from_the_po(tmp_path, monkeypatch) -> None:
    """In a source checkout the .mo is compiled when it is missing or older than the .po."""
    folder = tmp_path / "locale" / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "forumdesk.po"
    po.write_bytes(WELSH_PO.read_bytes())
    monkeypatch.setattr("forumdesk.paths.resources_dir", lambda: tmp_path)
    i18n.for_language.cache_clear()
    try:
        assert i18n.for_language("cy").gettext("&Quit") == "&Gadael"
        mo = folder / "forumdesk.mo"
        assert mo.is_file()
        # The translator changes the .po: the next start reads the change.
        po.write_text(
            po.read_text(encoding="utf-8").replace('msgstr "&Gadael"', 'msgstr "&Ymadael"'),
            encoding="utf-8",
        )
        os.utime(mo, (po.stat().st_mtime - 10, po.stat().st_mtime - 10))
        i18n.for_language.cache_clear()
        assert i18n.for_language("cy").gettext("&Quit") == "&Ymadael"
    finally:
        i18n.for_language.cache_clear()


def test_the_mo_written_reads_back_as_gnu_gettext_reads_it(tmp_path) -> None:
    """Our .mo writer against GNU msgunfmt, where it is installed, else Python's reader."""
    mo = catalogues.compile_po(WELSH_PO, tmp_path / "forumdesk.mo")
    import gettext

    with mo.open("rb") as stream:
        catalogue = gettext.GNUTranslations(stream)
    _header, messages = catalogues.read_po(WELSH_PO)
    for message in messages.values():
        if message.plural is None and message.context is None:
            assert catalogue.gettext(message.msgid) == message.translations[0]
    assert catalogue.ngettext("{n} issue", "{n} issues", 2) == "{n} fater"


def test_a_second_compile_of_the_catalogue_at_the_same_moment_spoils_neither(
    tmp_path, monkeypatch
) -> None:
    """Two test workers (or two windows started together) find the .mo stale and compile
    it at once: the second finishes while the first is about to rename its file into
    place. Both succeed and the catalogue left is whole."""
    po = tmp_path / "forumdesk.po"
    po.write_bytes(WELSH_PO.read_bytes())
    real_replace = os.replace
    overlapped = []

    def replace_after_another_compile(source, target):
        if not overlapped:
            overlapped.append(source)
            catalogues.compile_po(po)  # the other process, start to finish
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace_after_another_compile)
    mo = catalogues.compile_po(po)
    assert overlapped
    with mo.open("rb") as stream:
        assert gettext.GNUTranslations(stream).gettext("&Quit") == "&Gadael"
    assert {path.name for path in tmp_path.iterdir()} == {"forumdesk.po", "forumdesk.mo"}


def test_a_catalogue_read_while_others_compile_it_is_never_half_written(
    tmp_path, monkeypatch
) -> None:
    """Three writers compile the same .mo over and over while a reader opens it: every
    read finds a whole catalogue, and no writer fails."""
    po = tmp_path / "forumdesk.po"
    po.write_bytes(WELSH_PO.read_bytes())
    parsed = catalogues.read_po(po)
    monkeypatch.setattr(catalogues, "read_po", lambda path: parsed)  # only the write races
    mo = catalogues.compile_po(po)
    failures: list[str] = []
    done = threading.Event()

    def write() -> None:
        try:
            for _ in range(60):
                catalogues.compile_po(po)
        except Exception as error:
            failures.append(f"writer: {error!r}")

    def read() -> None:
        while not done.is_set():
            try:
                with mo.open("rb") as stream:
                    if gettext.GNUTranslations(stream).gettext("&Quit") != "&Gadael":
                        failures.append("reader: a catalogue without its messages")
            except Exception as error:
                failures.append(f"reader: {error!r}")

    writers = [threading.Thread(target=write) for _ in range(3)]
    reader = threading.Thread(target=read)
    reader.start()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    done.set()
    reader.join()
    assert not failures, failures[:5]
    assert {path.name for path in tmp_path.iterdir()} == {"forumdesk.po", "forumdesk.mo"}


def _forumdesk(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    environment.update(env, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "forumdesk", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_command_lines_help_is_in_welsh_on_a_welsh_computer(tmp_path) -> None:
    done = _forumdesk(tmp_path, "--help", LANG="cy_GB.UTF-8")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("defnydd: forumdesk")
    assert "dadleuon safle:" in done.stdout and "opsiynau:" in done.stdout
    assert "dangos y neges gymorth hon a gadael" in done.stdout
    assert "creu'r gronfa ddata (neu ei huwchraddio)" in done.stdout
    assert "usage:" not in done.stdout and "create the database" not in done.stdout
    english = _forumdesk(tmp_path, "--help", LANG="en_GB.UTF-8")
    assert english.stdout.startswith("usage: forumdesk")
    assert "create the database (or upgrade it)" in english.stdout


def test_the_command_line_speaks_welsh_when_set_to(tmp_path) -> None:
    assert _forumdesk(tmp_path, "config", "set", "interface_language", "cy").returncode == 0
    done = _forumdesk(tmp_path, "meeting", "list", "--help", LANG="C")
    assert done.stdout.startswith("defnydd: forumdesk meeting list")
    missing = _forumdesk(tmp_path, "--db", str(tmp_path / "none.sqlite"), "stats", LANG="C")
    assert missing.returncode != 0
    assert "Nid oes cronfa ddata ForumDesk yn" in missing.stderr, missing.stderr


@pytest.fixture(autouse=True)
def _english_after() -> None:
    yield
    i18n.use_language(i18n.SOURCE_LANGUAGE)


@pytest.mark.slow
def test_the_wheel_ships_the_compiled_welsh_catalogue_and_the_sdist_its_text(tmp_path) -> None:
    """The build compiles each .po (setup.py); the source distribution carries the .po,
    not a .mo left in the checkout."""
    import gettext
    import io
    import tarfile
    import zipfile

    from tests.helpers import build, copy_of_the_source

    source = copy_of_the_source(tmp_path)
    (source / "resources" / "locale" / "cy" / "LC_MESSAGES" / "forumdesk.mo").write_bytes(b"")
    wheel = build(source, "wheel", tmp_path / "dist")
    sdist = build(source, "sdist", tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        mo = archive.read("forumdesk/resources/locale/cy/LC_MESSAGES/forumdesk.mo")
    assert gettext.GNUTranslations(io.BytesIO(mo)).gettext("&Quit") == "&Gadael"
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert "resources/locale/cy/LC_MESSAGES/forumdesk.po" in names
    assert "resources/locale/forumdesk.pot" in names and "setup.py" in names
    assert not any(name.endswith(".mo") for name in names)
