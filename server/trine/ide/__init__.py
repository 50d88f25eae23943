"""IDE features over a snapshot of the trace graph, free of any protocol.

Each function takes a Snapshot, a workspace-relative path and a code-point position, and returns
plain dataclasses; the LSP layer converts them, and could be replaced by any other front end.
"""
