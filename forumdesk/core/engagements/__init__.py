"""Engagements: every participation activity besides a forum's meetings.

``base`` holds what every kind shares (adding, finding, listing, editing, linking
issues, participants); each kind's own workflow is a module of its own: ``petition``,
``consultation``, ``scrutiny``, ``jury``, ``ballot``, ``deliberation``; residents' offers
are ``offers`` and how co-decisions were decided ``decisions``. Services take a session
and never commit (docs/engagements.md explains each kind in an officer's words).
"""
