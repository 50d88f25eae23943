from spacelinkops.assurance import AuditLog


def test_audit_chain_detects_tampering():
    log = AuditLog()
    log.append("alice", "SUBMIT", "cmd-1")
    log.append("bob", "APPROVE", "cmd-1")
    assert log.verify()
    log.entries[0]["actor"] = "mallory"
    assert not log.verify()
