"""What this ForumDesk's schema is, known without importing Alembic (start-up stays fast).

A test checks that HEAD is the single head of the migration scripts.
"""

#: The migration revision a database at the current schema carries.
HEAD = "0012"

#: ``PRAGMA application_id`` of every ForumDesk SQLite file ("FDSK").
APPLICATION_ID = 0x4644534B
