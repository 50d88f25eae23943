import pytest
from test_functional import invoke


def signed(user, action):
    total = sum(map(ord, user + "|" + action)) % 256
    return {"UserId": user, "Action": action, "Checksum": format(total, "02X")}


@pytest.mark.req("REQ-007")
def test_invalid_command_rejected():
    forged = {"UserId": "mallory", "Action": "Shutdown", "Checksum": "00"}
    answer = invoke(250, 90, forged)
    assert answer["PumpOn"] and answer["Reason"] == "Normal"


@pytest.mark.req("REQ-004")
@pytest.mark.req("REQ-006")
def test_authorized_shutdown():
    answer = invoke(250, 90, signed("operatorA", "Shutdown"))
    assert (answer["PumpOn"], answer["Emergency"]) == (False, True)
    assert answer["Reason"] == "OperatorShutdown"
