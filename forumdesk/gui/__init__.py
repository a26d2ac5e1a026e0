"""The Qt face of ForumDesk: the only package that imports PySide6.

The core it is a face of is imported here, before any Qt module. Once PySide6 is
imported it reads the source of every module imported after it (its check for
``from __feature__ import``); the store alone is some 270 modules, and reading them
all cost the first window about 50 ms (benchmarks/gui.py,
tests/gui/test_startup.py).
"""

import sqlalchemy.dialects.sqlite.pysqlite  # noqa: F401  (the engine loads it on connect)

from forumdesk import i18n, paths, settings  # noqa: F401
from forumdesk.core import (  # noqa: F401
    actions,
    agenda,
    attendance,
    drafts,
    erasure,
    forums,
    issue_query,
    issues,
    meetings,
    minutes,
    preferences,
    retention,
)
from forumdesk.db import changes, files, restore, store  # noqa: F401
from forumdesk.domain import progress  # noqa: F401
