"""Who may submit, approve and release a command, and when nothing may be released."""

from dataclasses import dataclass, field

from .assurance import AuditLog


@dataclass
class Command:
    name: str
    hazardous: bool
    submitter: str
    approvers: list = field(default_factory=list)
    state: str = "PENDING"


class CommandAuthority:
    def __init__(self, hazardous_names):
        self.hazardous = set(hazardous_names)
        self.inhibited = False
        self.audit = AuditLog()

    def submit(self, user, name):
        return Command(name, name in self.hazardous, user)

    def approve(self, user, command):
        if user == command.submitter or user in command.approvers:
            raise ValueError("an approver must be someone else")
        command.approvers.append(user)
        if len(command.approvers) >= (2 if command.hazardous else 1):
            command.state = "APPROVED"

    def release(self, user, command):
        if self.inhibited or command.state != "APPROVED":
            raise RuntimeError("not releasable")
        command.state = "SENT_TO_SIMULATOR"
        self.audit.append(user, "RELEASE", command.name, {"simulator_only": True})
