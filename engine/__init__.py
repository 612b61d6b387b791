"""Memory Maker's engine: the public library API for making personalised picture books."""
