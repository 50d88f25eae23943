"""Propagate a two-line element set with the sgp4 package and turn it Earth-fixed."""

import math

from sgp4.api import Satrec


def _gmst(jd):
    """Greenwich mean sidereal time, in radians, for a Julian date."""
    days = jd - 2451545.0
    return math.radians((280.46061837 + 360.98564736629 * days) % 360)


def propagate_ecef(line1, line2, time_s):
    satellite = Satrec.twoline2rv(line1, line2)
    jd = satellite.jdsatepoch + satellite.jdsatepochF + time_s / 86400
    error, position, velocity = satellite.sgp4(math.floor(jd), jd - math.floor(jd))
    if error:
        raise RuntimeError(f"sgp4 failed with code {error}")
    angle = _gmst(jd)
    x, y, z = position
    return (x * math.cos(angle) + y * math.sin(angle), -x * math.sin(angle) + y * math.cos(angle), z), velocity
