"""Reading PDFs back: text per page, fonts, metadata, and tampering for the verify tests."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader, PdfWriter


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages]


def flat(data: bytes) -> str:
    return " ".join(" ".join(pages_text(data)).split())


def embedded_fonts(data: bytes) -> set[str]:
    """Base names of the fonts whose glyphs are embedded (a FontFile2 in their descriptor)."""
    found = set()
    for page in PdfReader(BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                found.add(str(font["/BaseFont"]).split("+")[-1])
            elif descriptor is None:
                found.add(f"NOT EMBEDDED {font.get('/BaseFont')}")
    return found


def tamper(data: bytes, old: bytes, new: bytes) -> bytes:
    """The same PDF with one text run of one page changed, as an editor would leave it."""
    assert len(old) == len(new)
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    for page in writer.pages:
        contents = page.get_contents()
        raw = contents.get_data()
        if old in raw:
            contents.set_data(raw.replace(old, new, 1))
            page.replace_contents(contents)
            out = BytesIO()
            writer.write(out)
            return out.getvalue()
    raise AssertionError(f"{old!r} is not in the PDF")
