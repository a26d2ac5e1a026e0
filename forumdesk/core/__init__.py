"""Services (use cases): take a session, validate, change rows, return plain records. No Qt."""
