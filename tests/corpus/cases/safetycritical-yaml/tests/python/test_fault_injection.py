import pytest
from test_functional import invoke


@pytest.mark.req("REQ-001")
@pytest.mark.req("REQ-006")
@pytest.mark.req("REQ-009")
def test_subcool_trip():
    # At 70 bar saturation is 285 C, so 265 C is inside a 25 C margin.
    answer = invoke(265, 70)
    assert (answer["PumpOn"], answer["Emergency"]) == (False, True)
    assert answer["Reason"] == "LowSubcooling"
