"""Keep the sidereal-time rotation honest: it matches the reference and says what it ignores."""

from spacelinkops import validation


def test_gmst_matches_iau1982_reference_at_j2000():
    assert validation.gmst_reference_error_deg() < 1e-6


def test_eop_neglect_bound_is_reported_and_bounded():
    assert 100 < validation.eop_neglect_bound_m() < 2000
