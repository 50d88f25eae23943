import math

from spacelinkops.rf import ber_awgn, doppler_shift_hz, packet_error_rate


def test_bpsk_reference_and_doppler():
    assert math.isclose(ber_awgn(0), 0.0786496, rel_tol=1e-6)
    assert packet_error_rate(8, 1024) < packet_error_rate(4, 1024)
    assert doppler_shift_hz(1000, 2.2e9) < 0
