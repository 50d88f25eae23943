"""trine: keep a project's spec, code and tests in sync."""

__version__ = "0.1.0"
