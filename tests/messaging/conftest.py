from __future__ import annotations

import pytest

from lotse_testing import Org


@pytest.fixture
def centre(org: Org):
    """Team A's centre with address, phone and office hours every day 08:00–20:00."""
    from appointments.samples import prepare_centre

    prepare_centre(org)
    return org.centre
