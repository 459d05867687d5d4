"""The working list's filters on the client list, through the ``list_filter`` hook
(the same way lotse/office offers ``flag=``); the conditions live in selectors/worklist.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .file_sections import ListFilter, list_filter
from .selectors import worklist as w

list_filter(ListFilter("service", _("Service"), w.service_choices, w.with_service))
list_filter(ListFilter("language", _("Language"), w.language_choices, w.with_language))
list_filter(ListFilter("age", _("Age group"), w.age_choices, w.in_age_group))
list_filter(
    ListFilter(
        "contact_older", _("Last contact older than"), w.contact_choices, w.contact_older_than
    )
)
list_filter(ListFilter("follow_up", _("Follow-up"), w.follow_up_choices, w.follow_up_due))
list_filter(
    ListFilter("permit_within", _("Permit expires within"), w.permit_choices, w.permit_within)
)
