"""How many rows a paginated list shows: the ``per_page`` the user chose, if it is offered."""

from __future__ import annotations

from django.http import HttpRequest

from lotse.common.query import query_choice

PAGE_SIZES = (25, 50, 100)


def page_size(request: HttpRequest) -> int:
    return query_choice(request, "per_page", PAGE_SIZES)
