"""Date of birth, gender, nationalities, origin and residence are encrypted at rest (issue #15).

What statistics and search need stays in plain coarse or keyed columns, derived on every save.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lotse.clients.forms import ClientEditForm
from lotse.clients.models import Client
from lotse.clients.models.client import birth_date_digest
from lotse.clients.selectors import client_search
from lotse.clients.services import ClientData, client_update
from lotse.common import crypto
from lotse.privacy.anonymise import anonymise_client
from lotse.stats.dimensions import age_group
from lotse.stats.selectors.people import coarse_age_group, is_month_end
from lotse_testing import raw_column

pytestmark = pytest.mark.django_db

DETAILS = ClientData(
    first_name="Amira",
    last_name="Haddad",
    birth_date=date(1980, 5, 17),
    gender="female",
    nationalities=["SY", "DE"],
    country_of_origin="SY",
    residence="no_status",
)


def _with_details(org) -> Client:
    client = Client.objects.get(pk=org.client_a.pk)
    return client_update(client=client, expected_version=client.version, data=DETAILS)


def test_details_are_encrypted_in_the_database(org) -> None:
    client = _with_details(org)
    plaintext = {
        "birth_date": "1980-05-17",
        "gender": "female",
        "nationalities": "DE,SY",
        "country_of_origin": "SY",
        "residence": "no_status",
    }
    for column, value in plaintext.items():
        stored = raw_column("clients_client", column, client.pk)
        # (Two-letter codes may turn up in base64 by chance, so only the long values are
        # looked for; the decryption shows what the token holds.)
        assert stored.startswith("lse1:") and (len(value) < 5 or value not in stored), column
        assert crypto.decrypt(stored, aad=f"clients.client.{column}") == value
        # Bound to its column: the token does not decrypt as another field.
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(stored, aad="clients.client.first_name")
    fresh = Client.objects.get(pk=client.pk)
    assert fresh.birth_date == date(1980, 5, 17)
    assert (fresh.gender, fresh.residence) == ("female", "no_status")
    assert [c.code for c in fresh.nationalities] == ["DE", "SY"]
    assert fresh.country_of_origin.code == "SY" and fresh.country_of_origin.name


def test_coarse_and_keyed_columns_follow_every_save(org) -> None:
    client = _with_details(org)
    fresh = Client.objects.get(pk=client.pk)
    assert (fresh.birth_year, fresh.birth_month) == (1980, 5)
    assert fresh.birth_date_index == birth_date_digest(date(1980, 5, 17))
    assert fresh.region_of_origin == "mena"

    # A save of only the encrypted field writes what is derived from it too.
    fresh.birth_date = date(1991, 11, 3)
    fresh.country_of_origin = "UA"
    fresh.save(update_fields=["birth_date", "country_of_origin"])
    again = Client.objects.get(pk=client.pk)
    assert (again.birth_year, again.birth_month, again.region_of_origin) == (
        1991,
        11,
        "europe_other",
    )
    assert again.birth_date_index == birth_date_digest(date(1991, 11, 3))


def test_search_and_form_work_on_the_encrypted_details(org) -> None:
    client = _with_details(org)
    user = org.users["counsellor"]
    assert list(client_search(user=user, birth_date=date(1980, 5, 17))) == [client]
    assert not client_search(user=user, birth_date=date(1980, 5, 18)).exists()
    form = ClientEditForm(instance=Client.objects.get(pk=client.pk))
    assert form["country_of_origin"].value() == "SY"
    assert sorted(str(c) for c in form["nationalities"].value()) == ["DE", "SY"]
    html = str(form["residence"])
    assert 'value="no_status" selected' in html


def test_anonymisation_keeps_what_statistics_count_and_drops_the_date(org) -> None:
    client = _with_details(org)
    anonymise_client(client, reason="test")
    fresh = Client.objects.get(pk=client.pk)
    assert fresh.birth_date is None
    assert fresh.birth_month is None and fresh.birth_date_index == ""
    assert fresh.birth_year == 1980 and fresh.region_of_origin == "mena"
    assert (fresh.gender, fresh.residence) == ("female", "no_status")
    assert [c.code for c in fresh.nationalities] == ["DE", "SY"]
    assert raw_column("clients_client", "birth_date", client.pk) == "None"


def test_age_from_year_and_month_is_exact_on_month_ends() -> None:
    """What the statistics rely on when the period ends on the last day of a month."""
    ends = [date(2024, m, 1) - timedelta(days=1) for m in range(2, 13)] + [date(2024, 12, 31)]
    ends += [date(2023, m, 1) - timedelta(days=1) for m in range(2, 13)]
    births = [date(1950, 1, 1) + timedelta(days=d) for d in range(0, 75 * 365, 3)]
    births += [date(1996, 2, 29), date(2000, 2, 29), date(2006, 2, 28)]
    for on in ends:
        assert is_month_end(on)
        if on.month == 2:
            continue  # 28 February comes before a 29 February birthday: decrypted instead
        for birth in births:
            assert coarse_age_group(birth.year, birth.month, on) == age_group(
                birth, birth.year, on
            ), (birth, on)
    # Only a year (anonymous clients): the year decides, as before.
    assert coarse_age_group(1990, None, date(2024, 3, 31)) == age_group(
        None, 1990, date(2024, 3, 31)
    )


@pytest.mark.parametrize(
    "end",
    [
        date(2025, 6, 30),  # month end: year and month of birth suffice
        date(2025, 6, 14),  # mid-month: the date of birth is decrypted
        date(2026, 2, 28),  # before a 29 February birthday: decrypted too
    ],
)
def test_statistics_age_groups_match_the_date_of_birth(org, end) -> None:
    from lotse.stats.selectors import Period
    from lotse.stats.selectors.people import client_rows

    births = [
        date(1998, 6, 10),  # turns 27 on 10 June
        date(1998, 6, 20),  # turns 27 on 20 June
        date(1998, 2, 28),
        date(2008, 2, 29),  # 18 on 1 March 2026, not on 28 February
        date(2007, 3, 1),
    ]
    counsellor = org.users["counsellor"]
    for number, birth in enumerate(births):
        client = Client.objects.create(
            team=org.team_a, file_number=f"T-AGE-{number}", birth_date=birth, gender="male"
        )
        client.contacts.create(date=date(2025, 1, 15), duration_minutes=30, counsellor=counsellor)
    rows = client_rows([org.team_a.pk], Period(date(2025, 1, 1), end))
    counted: dict[str, int] = {}
    for row in rows:
        counted[row[5]] = counted.get(row[5], 0) + row[-1]
    expected: dict[str, int] = {}
    for birth in births:
        group = age_group(birth, birth.year, end)
        expected[group] = expected.get(group, 0) + 1
    assert counted == expected
