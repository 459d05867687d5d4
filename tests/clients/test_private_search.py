"""Names and birth dates never travel in URLs: searches are POSTed and shown by token (issue #15).

A query string lands in the proxy's access log, the browser history and Referer headers.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from lotse.accounts.policy import PERSONA_ROLES
from lotse.accounts.roles import CLIENT_ROLES
from lotse.clients.services import ClientData, client_create
from lotse_testing import sign_in

SECRET_TERMS = ("hadd", "Haddad", "17.05.1980", "1980")


def _assert_clean(url: str) -> None:
    for term in SECRET_TERMS:
        assert term.lower() not in url.lower(), url


def _urls_of(response) -> list[str]:
    """Every URL the test client asked for while following redirects, and the last one."""
    urls = [location for location, _status in getattr(response, "redirect_chain", [])]
    request = response.request
    urls.append(f"{request['PATH_INFO']}?{request.get('QUERY_STRING', '')}")
    return urls


def test_search_is_posted_and_shown_by_token(org, as_persona) -> None:
    client_create(team=org.team_a, data=ClientData(first_name="Zora", last_name="Other"))
    # Two hits (one hit would open the file directly).
    twin = client_create(
        team=org.team_a,
        data=ClientData(
            first_name="Hadda", last_name="Zwilling", birth_date=org.client_a.birth_date
        ),
    )
    http = as_persona("counsellor")
    response = http.post(
        reverse("client_list"), {"q": "hadd", "birth_date": "17.05.1980"}, follow=True
    )
    assert response.status_code == 200
    for url in _urls_of(response):
        _assert_clean(url)
    (location, status), *_ = response.redirect_chain
    assert status == 302 and re.fullmatch(r"/clients/\?search=[\w-]{16}", location)
    assert {c.pk for c in response.context["page"]} == {org.client_a.pk, twin.pk}
    # Reloading the token's page (back button, bookmark within the session) shows the same hits.
    again = http.get(location)
    assert {c.pk for c in again.context["page"]} == {org.client_a.pk, twin.pk}
    assert 'value="hadd"' in again.content.decode()


def test_the_top_bar_search_posts_with_csrf(org, as_persona) -> None:
    page = as_persona("counsellor").get(reverse("dashboard")).content.decode()
    (form,) = re.findall(r'<form[^>]*role="search"[^>]*>.*?</form>', page, flags=re.S)
    assert 'method="post"' in form and 'name="csrfmiddlewaretoken"' in form
    assert 'name="q"' in form


def test_the_list_form_and_its_htmx_search_post(org, as_persona) -> None:
    page = as_persona("counsellor").get(reverse("client_list")).content.decode()
    forms = re.findall(r'<form[^>]*role="search"[^>]*>', page)
    assert forms and all('method="post"' in f and "hx-get" not in f for f in forms)
    assert "hx-post" in page
    # GET by HTMX only for the filters and the sort (issue #17 §3): no search field among them.
    got = re.findall(r"<form[^>]*hx-get.*?</form>", page, re.S)
    assert got and not any('name="q"' in f or 'name="birth_date"' in f for f in got)


def test_htmx_search_pushes_the_token_not_the_name(org, as_persona) -> None:
    http = as_persona("counsellor")
    response = http.post(reverse("client_list"), {"q": "hadd"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert org.client_a.file_number in body
    pushed = response["HX-Push-Url"]
    _assert_clean(pushed)
    assert urlsplit(pushed).query.startswith("search=")
    assert [c.pk for c in http.get(pushed).context["page"]] == [org.client_a.pk]


def test_paging_links_carry_the_token_only(org, as_persona) -> None:
    for n in range(30):
        client_create(team=org.team_a, data=ClientData(first_name="Hadda", last_name=f"N{n}"))
    http = as_persona("counsellor")
    response = http.post(reverse("client_list"), {"q": "hadd"}, follow=True)
    body = response.content.decode()
    links = re.findall(r'class="page-link" href="([^"]+)"', body)
    assert links
    for link in links:
        _assert_clean(link)
        assert "search=" in link
    second = http.get(reverse("client_list") + links[0].replace("&amp;", "&"))
    assert not second.context["page"].first  # the page after the first (keyset, issue #20)
    assert len(second.context["page"].object_list) == 6  # 31 hits, 25 per page


def test_a_name_in_the_query_string_is_ignored(org, as_persona) -> None:
    client_create(team=org.team_a, data=ClientData(first_name="Zora", last_name="Other"))
    response = as_persona("counsellor").get(reverse("client_list"), {"q": "hadd"})
    assert len(response.context["page"].object_list) == 2  # not filtered


def test_a_token_is_bound_to_the_session_and_expires(org, as_persona) -> None:
    # No hit: the list shows the (empty) result under its token.
    location = as_persona("counsellor").post(reverse("client_list"), {"q": "zzz"})["Location"]
    other = as_persona("team_lead").get(location)
    assert other.context["search_expired"] is True
    assert 'data-testid="search-expired"' in other.content.decode()
    assert not other.context["form"].is_bound


def test_a_wrong_birth_date_is_explained_without_a_redirect(org, as_persona) -> None:
    response = as_persona("counsellor").post(reverse("client_list"), {"birth_date": "31.02.1990"})
    assert response.status_code == 200
    assert "birth_date" in response.context["form"].errors


@pytest.mark.parametrize("persona", list(PERSONA_ROLES))
def test_posting_a_search_is_allowed_to_client_roles_only(org, as_persona, persona) -> None:
    response = as_persona(persona).post(reverse("client_list"), {"q": "hadd"})
    if persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif PERSONA_ROLES[persona] & CLIENT_ROLES:
        # One hit opens the file; otherwise the list under the search token.
        single = reverse("client_detail", args=[org.client_a.pk])
        location = response["Location"]
        assert response.status_code == 302 and ("search=" in location or location == single)
    else:
        assert response.status_code == 403


def test_a_search_without_csrf_token_is_refused(org) -> None:
    http = sign_in(HttpClient(enforce_csrf_checks=True), org.users["counsellor"])
    assert http.post(reverse("client_list"), {"q": "hadd"}).status_code == 403


def test_a_search_with_one_hit_opens_the_file(org, as_persona) -> None:
    http = as_persona("counsellor")
    response = http.post(reverse("client_list"), {"q": "hadd"})
    assert response.status_code == 302
    assert response["Location"] == reverse("client_detail", args=[org.client_a.pk])
    # Typing in the list (HTMX) only filters, even with one hit.
    typed = http.post(reverse("client_list"), {"q": "hadd"}, HTTP_HX_REQUEST="true")
    assert typed.status_code == 200 and "HX-Redirect" not in typed
    # Two hits: the list.
    client_create(team=org.team_a, data=ClientData(first_name="Hadda", last_name="Zweite"))
    response = http.post(reverse("client_list"), {"q": "hadd"})
    assert response.status_code == 302 and "search=" in response["Location"]
