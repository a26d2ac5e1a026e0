"""The Qt face of ForumDesk: the only package that imports PySide6."""
