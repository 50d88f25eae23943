"""Bit and packet error rates on a noisy channel, and Doppler shift."""

import math

LIGHT_M_S = 299_792_458.0


def ber_awgn(ebn0_db):
    return 0.5 * math.erfc(math.sqrt(10 ** (ebn0_db / 10)))


def packet_error_rate(ebn0_db, bits):
    return 1 - (1 - ber_awgn(ebn0_db)) ** bits


def doppler_shift_hz(range_rate_m_s, carrier_hz):
    return -range_rate_m_s * carrier_hz / LIGHT_M_S
