"""The diagnostic rules, one module per rule, each defining its record as `RULE`.

Adding a rule means adding a module here (then `make docs`); `trine.analysis.registry` finds it.
"""

from trine.analysis.findings import Diagnostic, Finding

__all__ = ["Diagnostic", "Finding"]
