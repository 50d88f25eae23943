"""An audit log where each entry carries the hash of the one before it."""

import hashlib
import json


def _digest(entry):
    return hashlib.sha256(json.dumps(entry, sort_keys=True).encode()).hexdigest()


class AuditLog:
    def __init__(self):
        self.entries = []

    def append(self, actor, action, subject, details=None):
        previous = self.entries[-1]["hash"] if self.entries else ""
        entry = {"actor": actor, "action": action, "subject": subject, "details": details or {}, "previous": previous}
        self.entries.append({**entry, "hash": _digest(entry)})

    def verify(self):
        previous = ""
        for entry in self.entries:
            body = {k: v for k, v in entry.items() if k != "hash"}
            if body["previous"] != previous or _digest(body) != entry["hash"]:
                return False
            previous = entry["hash"]
        return True
