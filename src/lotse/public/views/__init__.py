"""Public pages (no login): centre finder, 'which service is for me?', appointment request, flyer.

Every page runs in the language of its URL (``public/<lang>/…``) inside
``translation.override``: the staff UI only knows German and English, the public pages all
eight languages. They set no cookie except Django's CSRF cookie on the pages with a POST form,
store nothing except an appointment request, and show only organisation data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from lotse.appointments.services import RequestData, request_submit
from lotse.common.errors import DomainError
from lotse.common.query import parse_int, query_id
from lotse.eligibility.engine import EligibilityError
from lotse.organisation.models import Centre

from .. import flyer, ratelimit, spam
from ..finder import find_centres
from ..forms import FinderForm, RequestForm, ServiceCheckForm
from ..languages import ENDONYMS, PUBLIC_LANGUAGES, direction
from ..questions import assess
from ..selectors import CentreCard, all_staff_languages, centre_cards
from ..texts import (
    DEPENDS_TEXT,
    OFFERS,
    OUTCOME_TEXTS,
    PRIORITY_TEXT,
    PROMISES,
    TARGET_GROUPS,
    service_name,
)

View = Callable[..., HttpResponse]


def public_page(view: View) -> View:
    """Run ``view`` in the URL's language and mark the response with it."""

    @wraps(view)
    def wrapped(request: HttpRequest, lang: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if lang not in PUBLIC_LANGUAGES:
            raise Http404
        with translation.override(lang):
            request.LANGUAGE_CODE = lang  # type: ignore[attr-defined]
            response = view(request, lang, *args, **kwargs)
        response["Content-Language"] = lang
        return response

    return wrapped


def _switch_links(request: HttpRequest, lang: str) -> list[dict[str, Any]]:
    match = request.resolver_match
    links = []
    for code in PUBLIC_LANGUAGES:
        if match is not None and "lang" in match.kwargs:
            url = reverse(match.view_name, kwargs={**match.kwargs, "lang": code})
        else:
            url = reverse("public_centre_list", kwargs={"lang": code})
        if request.method == "GET" and request.GET:
            url += "?" + request.GET.urlencode()
        links.append({"code": code, "name": ENDONYMS[code], "url": url, "current": code == lang})
    return links


def _render(
    request: HttpRequest, lang: str, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    base = {
        "lang": lang,
        "dir": direction(lang),
        "language_links": _switch_links(request, lang),
    }
    return render(request, template, {**base, **context}, status=status)


def start(request: HttpRequest) -> HttpResponse:
    """``public/``: choose a language (the page itself is German, each link in its language)."""
    with translation.override("de"):
        response = _render(request, "de", "public/start.html", {})
    response["Content-Language"] = "de"
    return response


def _filtered_cards(
    cards: list[CentreCard], *, place: str, service: str, language: str, services_any: Any = ()
) -> list[CentreCard]:
    by_id = {card.centre.pk: card for card in cards}
    found = find_centres(
        [card.facts for card in cards],
        place=place,
        service=service,
        language=language,
        services_any=services_any,
    )
    result = []
    for facts, score in found:
        card = by_id[facts.id]
        card.score = score
        result.append(card)
    return result


@public_page
def centre_list(request: HttpRequest, lang: str) -> HttpResponse:
    cards = centre_cards()
    form = FinderForm(request.GET or None, languages=all_staff_languages(cards), page_language=lang)
    searched = bool(request.GET)
    results = cards
    if form.is_bound and form.is_valid():
        results = _filtered_cards(
            cards,
            place=form.cleaned_data["place"],
            service=form.cleaned_data["service"],
            language=form.cleaned_data["language"],
        )
    elif form.is_bound:
        results = []
    return _render(
        request,
        lang,
        "public/centre_list.html",
        {"form": form, "results": results, "searched": searched},
    )


@public_page
def centre_detail(request: HttpRequest, lang: str, centre_id: int) -> HttpResponse:
    cards = centre_cards(Centre.objects.filter(pk=centre_id).select_related("provider"))
    if not cards:
        raise Http404
    card = cards[0]
    return _render(
        request,
        lang,
        "public/centre_detail.html",
        {
            "card": card,
            "target_groups": [
                (service_name(kind), TARGET_GROUPS.get(kind, "")) for kind in card.services
            ],
            "offers": OFFERS,
            "promises": PROMISES,
            "flyer_links": [
                {
                    "code": code,
                    "name": ENDONYMS[code],
                    "url": reverse(
                        "public_centre_flyer", kwargs={"lang": code, "centre_id": centre_id}
                    ),
                }
                for code in PUBLIC_LANGUAGES
            ],
            "request_url": reverse("public_request", kwargs={"lang": lang})
            + "?"
            + urlencode({"centre": centre_id}),
        },
    )


@public_page
def centre_flyer(request: HttpRequest, lang: str, centre_id: int) -> HttpResponse:
    card = next(iter(centre_cards(Centre.objects.filter(pk=centre_id))), None)
    if card is None:
        raise Http404
    page_url = request.build_absolute_uri(
        reverse("public_centre_detail", kwargs={"lang": lang, "centre_id": centre_id})
    )
    pdf = flyer.flyer_pdf(card=card, language=lang, page_url=page_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="flyer-{centre_id}-{lang}.pdf"'
    return response


@public_page
@require_http_methods(["GET", "POST"])
def service_check(request: HttpRequest, lang: str) -> HttpResponse:
    """Runs the eligibility engine on the answers and stores nothing (POST keeps them out of
    server logs)."""
    today = timezone.localdate()
    form = ServiceCheckForm(request.POST or None, today=today)
    result = None
    centres: list[CentreCard] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = assess(form.answers())
        except (EligibilityError, ValueError):
            form.add_error(
                None,
                translation.pgettext(
                    "public", "These answers do not fit together. Please check the years."
                ),
            )
        else:
            centres = _filtered_cards(
                centre_cards(),
                place=form.cleaned_data["place"],
                service="",
                language="",
                services_any=result.services,
            )
    return _render(
        request,
        lang,
        "public/service_check.html",
        {
            "form": form,
            "result": result,
            "outcome_texts": [OUTCOME_TEXTS[o] for o in result.outcomes] if result else [],
            "depends_text": DEPENDS_TEXT,
            "priority_text": PRIORITY_TEXT,
            "centres": centres,
        },
    )


def _request_form(request: HttpRequest, lang: str, data: Any = None) -> RequestForm:
    cards = centre_cards()
    initial: dict[str, Any] = {"language": lang, "started": spam.issue()}
    centre = query_id(request, "centre")
    if centre is not None:
        initial["centre"] = centre
    service = request.GET.get("service", "")
    if service:
        initial["service"] = service
    form = RequestForm(
        data,
        initial=initial,
        centres=Centre.objects.order_by("name"),
        languages=all_staff_languages(cards),
        page_language=lang,
    )
    return form


def _rate_limited(request: HttpRequest, lang: str, retry_after: int) -> HttpResponse:
    centre_id = parse_int(request.POST.get("centre"))
    centre = Centre.objects.filter(pk=centre_id).first() if centre_id is not None else None
    response = _render(
        request,
        lang,
        "public/rate_limited.html",
        {"centre": centre, "centres": [] if centre else Centre.objects.order_by("name")},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


@public_page
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest, lang: str) -> HttpResponse:
    if request.method == "POST":
        verdict = ratelimit.hit(ratelimit.client_address(request))
        if not verdict.allowed:
            return _rate_limited(request, lang, verdict.retry_after)
        form = _request_form(request, lang, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            reason = spam.judge(token=data["started"], honeypot=data["website"])
            try:
                request_submit(
                    centre=data["centre"],
                    data=RequestData(
                        service=data["service"],
                        name=data["name"],
                        phone=data["phone"],
                        email=data["email"],
                        language=data["language"],
                        page_language=lang,
                        concern=data["concern"],
                    ),
                    spam_reason=reason,
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                # The same answer for a suspected bot: it learns nothing, nothing is lost.
                url = reverse("public_request_sent", kwargs={"lang": lang})
                return redirect(f"{url}?{urlencode({'centre': data['centre'].pk})}")
        # Keep what was typed, with a fresh start time for the next try.
        retry = request.POST.copy()
        retry["started"] = spam.issue()
        form.data = retry
    else:
        form = _request_form(request, lang)
    return _render(request, lang, "public/request_form.html", {"form": form})


@public_page
def request_sent(request: HttpRequest, lang: str) -> HttpResponse:
    centre_id = query_id(request, "centre")
    centre = Centre.objects.filter(pk=centre_id).first() if centre_id is not None else None
    return _render(request, lang, "public/request_sent.html", {"centre": centre})
