"""Checks of the sidereal-time rotation that sgp4prop uses, and a bound on what it leaves out.

The rotation ignores nutation and polar motion; together they are worth about 16 arcseconds,
which at a low orbit's radius is a few hundred metres.
"""

import math

from .sgp4prop import _gmst

GMST_J2000_DEG = 280.46061837504
ARCSEC_RAD = math.pi / (180 * 3600)


def gmst_reference_error_deg():
    """How far the sidereal time at J2000 is from the published value, in degrees."""
    return abs(math.degrees(_gmst(2451545.0)) - GMST_J2000_DEG)


def eop_neglect_bound_m(radius_m=6.9e6, ignored_arcsec=16.1):
    """The along-track error from the ignored Earth orientation terms, in metres."""
    return radius_m * ignored_arcsec * ARCSEC_RAD
