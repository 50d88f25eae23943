import math

from spacelinkops.link import free_space_path_loss_db, packet_success_probability


def test_fspl_reference_value():
    assert math.isclose(free_space_path_loss_db(1e6, 2.2e9), 159.3, abs_tol=0.05)


def test_probability_monotonic():
    assert packet_success_probability(-3) < packet_success_probability(3)
