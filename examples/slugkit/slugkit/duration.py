"""Durations such as `1h30m`."""

import re

_PART = re.compile(r"(\d+)([smh])")
_SECONDS = {"s": 1, "m": 60, "h": 3600}


class Duration:
    """A parsed duration in seconds (DUR-1)."""

    def __init__(self, seconds):
        self.seconds = seconds

    @classmethod
    def parse(cls, text):
        """Sum every `<number><unit>` part: DUR-2."""
        return cls(parse_duration(text))

    class Unit:
        # The units of SPEC.md#dur-1-units.
        async def convert(self, value, unit):
            return value * _SECONDS[unit]


def parse_duration(text):
    # DUR-3: malformed input raises ValueError. See also DUR-9.
    parts = _PART.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"not a duration: {text!r}")
    return sum(int(n) * _SECONDS[u] for n, u in parts)
