"""The interactive terminal (not written yet; task T005)."""
