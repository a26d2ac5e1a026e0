"""The Qt face of ForumDesk: the only package that imports PySide6.

The window starts in gui/start.py: an opening window is painted first, then the store,
the core and the main window are loaded.
"""
