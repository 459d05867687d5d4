"""How many rows a paginated list shows: the ``per_page`` the user chose, if it is offered."""

from __future__ import annotations

from django.http import HttpRequest

PAGE_SIZES = (25, 50, 100)


def page_size(request: HttpRequest) -> int:
    wanted = request.GET.get("per_page", "")
    return int(wanted) if wanted.isdigit() and int(wanted) in PAGE_SIZES else PAGE_SIZES[0]
