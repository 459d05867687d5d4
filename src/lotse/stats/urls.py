from __future__ import annotations

from django.urls import URLPattern, path

from .views import bundles, dashboard, funding, keys, reports

urlpatterns: list[URLPattern] = [
    path("", dashboard.dashboard, name="stats_dashboard"),
    path("reports/", reports.reports, name="stats_reports"),
    path("reports/annual.xlsx", reports.annual_report_xlsx, name="stats_report_annual_xlsx"),
    path("reports/annual.pdf", reports.annual_report_pdf, name="stats_report_annual_pdf"),
    path("reports/municipal.pdf", reports.municipal_report_pdf, name="stats_report_municipal"),
    path("reports/funder.xlsx", reports.funder_report_xlsx, name="stats_report_funder_xlsx"),
    path("export/", bundles.bundle_export, name="stats_bundle_export"),
    path("bundles/", bundles.bundle_list, name="stats_bundle_list"),
    path("bundles/merge/", bundles.bundle_merge, name="stats_bundle_merge"),
    path("bundles/<int:bundle_id>/", dashboard.bundle_dashboard, name="stats_bundle_dashboard"),
    path(
        "bundles/<int:bundle_id>/download/",
        bundles.bundle_download,
        name="stats_bundle_download",
    ),
    path("keys/", keys.key_list, name="stats_key_list"),
    path("keys/change/", keys.key_change, name="stats_key_change"),
    path("funding/", funding.funding_list, name="stats_funding_list"),
    path("funding/new/", funding.funding_create, name="stats_funding_create"),
    path("funding/<int:period_id>/", funding.funding_detail, name="stats_funding_detail"),
    path("funding/<int:period_id>/edit/", funding.funding_edit, name="stats_funding_edit"),
    path("funding/<int:period_id>/lines/", funding.funding_lines, name="stats_funding_lines"),
    path("funding/<int:period_id>/letter.pdf", funding.grant_letter, name="stats_grant_letter"),
]
