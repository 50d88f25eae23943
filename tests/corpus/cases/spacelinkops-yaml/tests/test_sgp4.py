import math

import pytest

from spacelinkops.sgp4prop import propagate_ecef

LINE1 = "1 25544U 98067A   24001.00000000  .00000000  00000-0  00000-0 0  0000"
LINE2 = "2 25544  51.6400   0.0000 0001000   0.0000   0.0000 15.50000000    00"


def test_public_tle_propagates_to_leo_state():
    pytest.importorskip("sgp4")
    position, _ = propagate_ecef(LINE1, LINE2, 0)
    assert 6400 < math.dist(position, (0, 0, 0)) < 8000
