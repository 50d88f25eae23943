import pytest
from test_functional import invoke


@pytest.mark.req("REQ-002")
@pytest.mark.req("REQ-006")
def test_boundary_low_pressure():
    answer = invoke(250, 60)
    assert (answer["PumpOn"], answer["Emergency"]) == (False, True)
    assert answer["Reason"] == "LowPressure"


@pytest.mark.req("REQ-003")
@pytest.mark.req("REQ-006")
def test_boundary_high_temp():
    answer = invoke(336, 90)
    assert (answer["PumpOn"], answer["Emergency"]) == (False, True)
    assert answer["Reason"] == "HighTempClamp"
