"""Limit checks on telemetry, with a sample count before an alarm and a staleness check."""

from dataclasses import dataclass


@dataclass
class LimitDefinition:
    name: str
    high: float | None = None
    debounce_samples: int = 2
    stale_after_s: float = 120


class AlarmMonitor:
    def __init__(self, limits):
        self.limits = {limit.name: limit for limit in limits}
        self.over = {}
        self.seen = {}
        self.active = {}

    def ingest(self, name, value, time_s):
        limit = self.limits[name]
        self.seen[name] = time_s
        out = limit.high is not None and value > limit.high
        self.over[name] = self.over.get(name, 0) + 1 if out else 0
        if self.over[name] >= limit.debounce_samples:
            self.active[name] = {"active": True, "acknowledged": False}
        return self.active.get(name, {"active": False})

    def stale(self, now_s):
        return [name for name, t in self.seen.items() if now_s - t > self.limits[name].stale_after_s]

    def acknowledge(self, name):
        self.active[name]["acknowledged"] = True
        return self.active[name]
