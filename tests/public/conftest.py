from __future__ import annotations

import pytest

from lotse_testing import Org


@pytest.fixture
def centre(org: Org):
    """Team A's centre with address, phone, staff languages and office hours."""
    from appointments.samples import prepare_centre

    prepare_centre(org)
    return org.centre
