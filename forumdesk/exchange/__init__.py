"""The exchange file: write, read, check, merge; what moves work between desks."""
