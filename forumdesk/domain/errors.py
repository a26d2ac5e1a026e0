"""Errors that reach a person: each carries one clear sentence, never a traceback.

The command line maps them to exit codes; the GUI shows the message.
"""

from __future__ import annotations

from forumdesk.domain.fields import field_label
from forumdesk.i18n import _


class ForumDeskError(Exception):
    """Base of every error ForumDesk expects and explains."""

    #: Exit code for the command line: 1 failure, 3 input refused (nothing changed).
    exit_code = 1


class InputRefused(ForumDeskError):
    """Input that cannot be accepted; nothing stored was changed."""

    exit_code = 3


class InvalidValue(InputRefused):
    """A field's value is wrong: too long, empty, out of range, of the wrong kind."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(_("{field}: {problem}").format(field=field_label(field), problem=problem))
        self.field = field
        self.problem = problem


class NotFound(InputRefused):
    """A reference to something that does not exist in this database."""


class Conflict(InputRefused):
    """The request contradicts what is stored (a duplicate code, a backward status move)."""


class Cancelled(ForumDeskError):
    """The person cancelled long work (an import, an export, the demo).

    Raised from the work's ``progress`` (:class:`forumdesk.domain.progress.Cancellable`),
    so the unit of work it runs in is rolled back: nothing was changed or written.
    """

    def __init__(self) -> None:
        super().__init__(_("Cancelled: nothing was changed."))


class StoreError(ForumDeskError):
    """The database cannot be opened, read or written."""


class DatabaseFileGone(StoreError):
    """The database file was removed or replaced while it was open: a change written now
    would go to a file nobody can open again. What it held can still be written back
    (:meth:`forumdesk.db.engine.Database.write_back`)."""

    def __init__(self, path: str) -> None:
        super().__init__(
            _(
                "The database file {path} was removed or replaced while ForumDesk had it "
                "open, so nothing more can be saved to it."
            ).format(path=path)
        )
        self.path = path


class NotAForumDeskDatabase(StoreError):
    """The file exists but is not a ForumDesk database; it was not modified."""

    exit_code = 3


class NoDatabase(StoreError):
    """The database file does not exist, and the command does not create one."""

    exit_code = 3

    def __init__(self, path: str) -> None:
        super().__init__(
            _("There is no ForumDesk database at {path}; create one with forumdesk init.").format(
                path=path
            )
        )
        self.path = path


class DamagedDatabase(StoreError):
    """The database file fails SQLite's quick check; it was not modified."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(
            _(
                "The database {path} is damaged (SQLite's check says: {problem}). "
                "'forumdesk restore' puts back the newest backup that passes its check and "
                "keeps the damaged file beside it."
            ).format(path=path, problem=problem)
        )
        self.path = path
        self.problem = problem


class DamagedNotWritten(DamagedDatabase):
    """A change refused because the check of a file opened for the window found it
    damaged; nothing was written to it."""

    def __init__(self, path: str, problem: str) -> None:
        StoreError.__init__(  # the window's sentence: it offers the backup itself
            self,
            _(
                "Nothing was saved: the database {path} is damaged (SQLite's check says: "
                "{problem}), and ForumDesk writes nothing to a damaged file. Put back a "
                "backup that passes its check (File, Restore from a backup) to go on working."
            ).format(path=path, problem=problem),
        )
        self.path = path
        self.problem = problem


class HeaderDamaged(DamagedDatabase):
    """A file that is not a SQLite file, with ForumDesk backups of it beside it: most
    likely a ForumDesk database whose first pages were overwritten. It was not modified."""

    def __init__(self, path: str, folder: str) -> None:
        problem = _("it does not begin as a SQLite file does")
        StoreError.__init__(  # its own sentence: SQLite's check cannot even start on it
            self,
            _(
                "{path} is not a SQLite file, but ForumDesk backups of it are in {folder}: "
                "it may be a damaged ForumDesk database. 'forumdesk restore' puts back the "
                "newest backup that passes its check and keeps this file beside it."
            ).format(path=path, folder=folder),
        )
        self.path = path
        self.problem = problem


class NewerDatabase(StoreError):
    """The database was written by a newer ForumDesk; it was not modified."""

    exit_code = 3


class MigrationFailed(StoreError):
    """Upgrading the database failed; the file was restored from the backup taken first."""


class ServerNotReady(MigrationFailed):
    """A database server lacks something only its administrator can add (an extension);
    the upgrade changed nothing, and the message says what the administrator must run."""
