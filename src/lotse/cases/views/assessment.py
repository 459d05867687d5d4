"""Editing the social, competence and needs analysis (full form with two small tables)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.errors import DomainError

from .. import services
from ..forms import AssessmentForm, LanguageFormSet, QualificationFormSet
from ..models import Assessment
from ..selectors import case_for_request
from .common import back_to_case, form_page, today

TEMPLATE = "cases/assessment_form.html"
FIELDS = [name for name in AssessmentForm.base_fields if name != "version"]


@login_required
def case_assessment(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    assessment = Assessment.objects.filter(case=case).first()
    initial: dict[str, Any] = {"assessed_on": today()}
    quals: list[dict[str, Any]] = []
    langs: list[dict[str, Any]] = []
    if assessment is not None:
        initial = {name: getattr(assessment, name) for name in FIELDS}
        initial["version"] = assessment.version
        quals = [
            {"level": q.level, "title": q.title, "country": q.country, "recognition": q.recognition}
            for q in assessment.qualifications.all()
        ]
        langs = [{"language": s.language, "level": s.level} for s in assessment.languages.all()]
    data = request.POST if request.method == "POST" else None
    form = AssessmentForm(data, initial=initial)
    qual_set = QualificationFormSet(data, initial=quals, prefix="qual")
    lang_set = LanguageFormSet(data, initial=langs, prefix="lang")
    context = {
        "client": case.client,
        "active_tab": "case",
        "case": case,
        "form": form,
        "qual_set": qual_set,
        "lang_set": lang_set,
    }
    if request.method == "POST" and form.is_valid() and qual_set.is_valid() and lang_set.is_valid():
        cleaned = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.assessment_save(
                case=case,
                data=services.AssessmentData(**cleaned),
                qualifications=[
                    services.QualificationData(
                        level=q["level"],
                        title=q["title"],
                        country=q["country"],
                        recognition=q["recognition"],
                    )
                    for q in qual_set.cleaned_data
                    if q and q.get("level")
                ],
                languages=[
                    services.LanguageData(language=lang["language"], level=lang["level"])
                    for lang in lang_set.cleaned_data
                    if lang and lang.get("language")
                ],
                by=request.user,
                expected_version=form.cleaned_data["version"] if assessment else None,
            )
        except DomainError as error:
            current = Assessment.objects.filter(case=case).values_list("version", flat=True).first()
            return form_page(request, TEMPLATE, context, error=error, current_version=current)
        messages.success(request, _("The assessment has been saved."))
        return back_to_case(case)
    return render(request, TEMPLATE, context)
