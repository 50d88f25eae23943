import pytest

from spacelinkops.operations import CommandAuthority


def approved(authority, name):
    command = authority.submit("op", name)
    authority.approve("a1", command)
    return command


def test_inhibit_blocks_release():
    authority = CommandAuthority({"DEPLOY"})
    command = approved(authority, "HEATER_ON")
    authority.inhibited = True
    with pytest.raises(RuntimeError):
        authority.release("fd", command)


def test_hazardous_dual_control():
    authority = CommandAuthority({"DEPLOY"})
    command = approved(authority, "DEPLOY")
    with pytest.raises(RuntimeError):
        authority.release("fd", command)
    authority.approve("a2", command)
    authority.release("fd", command)


def test_submitter_cannot_approve():
    authority = CommandAuthority(set())
    command = authority.submit("op", "HEATER_ON")
    with pytest.raises(ValueError):
        authority.approve("op", command)


def test_release_is_simulator_only():
    authority = CommandAuthority(set())
    authority.release("fd", approved(authority, "HEATER_ON"))
    assert authority.audit.entries[-1]["details"] == {"simulator_only": True}
