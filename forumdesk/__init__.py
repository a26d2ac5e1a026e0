"""ForumDesk: area forums and the co-productive policy cycle."""

__version__ = "0.1.0"
