"""Free-space loss and a rough packet success curve."""

import math

LIGHT_M_S = 299_792_458.0


def free_space_path_loss_db(range_m, frequency_hz):
    """Loss over a distance in free space, in dB."""
    return 20 * math.log10(4 * math.pi * range_m * frequency_hz / LIGHT_M_S)


def packet_success_probability(margin_db):
    """A smooth step from 0 to 1 around a margin of 0 dB."""
    return 1 / (1 + math.exp(-margin_db))
