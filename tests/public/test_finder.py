"""Centre finder: place, service and language matching without geocoding (issue #9 §1)."""

from __future__ import annotations

import pytest

from lotse.public.finder import CentreFacts, find_centres, normalise_place, place_score


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("Bad Münster-Eifel", "bad muenster eifel"),
        ("  MÜNSTER ", "muenster"),
        ("Straße", "strasse"),
        ("Köln/Deutz", "koeln deutz"),
        ("Besançon", "besancon"),
    ],
)
def test_normalise_place(text, normal) -> None:
    assert normalise_place(text) == normal


@pytest.mark.parametrize(
    ("query", "postal_code", "city", "score"),
    [
        ("", "52249", "Eschweiler", 1),
        ("52249", "52249", "Eschweiler", 100),
        ("522", "52249", "Eschweiler", 100),  # the beginning of a postal code
        ("52222", "52249", "Eschweiler", 30),  # same postal region: nearby
        ("52999", "52249", "Eschweiler", 20),
        ("53111", "52249", "Eschweiler", 0),
        ("Eschweiler", "52249", "Eschweiler", 100),
        ("eschw", "52249", "Eschweiler", 80),
        ("weiler", "52249", "Eschweiler", 60),
        ("Muenster", "48143", "Münster", 100),
        ("münster", "48143", "Münster", 100),
        ("52249 Eschweiler", "52249", "Eschweiler", 100),
        ("Bad Honnef", "53604", "Bad Honnef", 100),
        ("Aachen", "52249", "Eschweiler", 0),
        ("e", "52249", "Eschweiler", 0),  # one letter matches nothing
        ("52249", "", "Eschweiler", 0),
    ],
)
def test_place_score(query, postal_code, city, score) -> None:
    assert place_score(query, postal_code, city) == score


CENTRES = [
    CentreFacts(1, "AWO Eschweiler", "52249", "Eschweiler", ("mbe",), ("ar", "de", "fr")),
    CentreFacts(2, "Caritas Stolberg", "52222", "Stolberg", ("mbe", "jmd"), ("de", "tr")),
    CentreFacts(3, "Caritas Münster", "48143", "Münster", ("refugee", "no_status"), ("de", "fa")),
]


def names(found) -> list[str]:
    return [centre.name for centre, _score in found]


def test_find_by_place_service_and_language() -> None:
    assert names(find_centres(CENTRES)) == ["AWO Eschweiler", "Caritas Münster", "Caritas Stolberg"]
    # exact postal code first, then the same postal region
    assert names(find_centres(CENTRES, place="52249")) == ["AWO Eschweiler", "Caritas Stolberg"]
    assert names(find_centres(CENTRES, place="52", service="jmd")) == ["Caritas Stolberg"]
    assert names(find_centres(CENTRES, language="fa")) == ["Caritas Münster"]
    assert names(find_centres(CENTRES, language="ar", place="Stolberg")) == []
    assert names(find_centres(CENTRES, services_any=("no_status", "jmd"))) == [
        "Caritas Münster",
        "Caritas Stolberg",
    ]
