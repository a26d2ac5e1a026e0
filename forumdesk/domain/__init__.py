"""The words of ForumDesk: stages, formats, statuses, errors and the records services return."""
