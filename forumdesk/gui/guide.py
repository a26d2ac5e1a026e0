"""Help → User guide: the guides shipped with ForumDesk, read in the window, offline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImageReader, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from forumdesk import paths
from forumdesk.i18n import N_, _

#: The guides for people who use ForumDesk, in the order a newcomer reads them, with the
#: short names the list shows (the internals are for its developers and stay out).
GUIDES = (
    ("concepts.md", N_("The words ForumDesk uses")),
    ("facilitator-guide.md", N_("Facilitator's guide")),
    ("clerk-guide.md", N_("Clerk's guide")),
    ("officer-guide.md", N_("Officer's guide")),
    ("data-and-safety.md", N_("Your data and its safety")),
    ("data-protection.md", N_("Residents' personal data")),
    ("command-line.md", N_("The command line")),
    ("exchange-format.md", N_("The exchange file format")),
    ("shared-register.md", N_("The officers' shared register (PostgreSQL)")),
)

#: Screenshots are shown no wider than this (the guides' images are full windows).
IMAGE_WIDTH = 640


def guides(folder: Path | None = None) -> list[tuple[str, Path]]:
    """The guides found in ``folder`` (the shipped guides by default), with their names."""
    folder = folder or paths.docs_dir()
    return [(_(title), folder / name) for name, title in GUIDES if (folder / name).is_file()]


class GuideDialog(QDialog):
    """The guides listed on the left, the chosen one on the right."""

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("User guide"))
        self.resize(980, 680)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Guides"))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # links to other guides open here, the web outside
        self.browser.anchorClicked.connect(self._follow)
        self.found = guides(folder)
        for title, path in self.found:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.list.addItem(item)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.browser)
        splitter.setSizes([240, 740])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not self.found:
            layout.addWidget(
                QLabel(
                    _("The guides were not found in {folder}: this copy came without them.").format(
                        folder=folder or paths.docs_dir()
                    )
                )
            )
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.list.currentRowChanged.connect(self.show_guide)
        if self.found:
            self.list.setCurrentRow(0)

    def show_guide(self, row: int) -> None:
        """Shows the guide at ``row`` of the list."""
        if not 0 <= row < len(self.found):
            return
        path = self.found[row][1]
        self.browser.setSearchPaths([str(path.parent)])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            text = _("{path} cannot be read: {problem}.").format(path=path, problem=exc)
        self.browser.setMarkdown(text)
        self._fit_images(path.parent)

    def _fit_images(self, folder: Path) -> None:
        """Shows screenshots at most :data:`IMAGE_WIDTH` wide, keeping their proportions."""
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                image = fragment.charFormat().toImageFormat()
                if fragment.isValid() and image.isValid():
                    size = QImageReader(str(folder / image.name())).size()
                    if size.width() > IMAGE_WIDTH:
                        image.setWidth(IMAGE_WIDTH)
                        image.setHeight(size.height() * IMAGE_WIDTH / size.width())
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(
                            fragment.position() + fragment.length(),
                            QTextCursor.MoveMode.KeepAnchor,
                        )
                        cursor.setCharFormat(image)
                it += 1
            block = block.next()

    def _follow(self, url: QUrl) -> None:
        """A link to another guide opens it here; a web address in the browser."""
        name = Path(url.path()).name
        for row, (_title, path) in enumerate(self.found):
            if path.name == name and not url.scheme().startswith("http"):
                self.list.setCurrentRow(row)
                return
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
