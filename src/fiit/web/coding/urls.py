"""Coding workbench URLs, included under /coding/ (all need a login, the ``code_answers`` action and a
verified second factor; finding and quote actions their own: fiit.web.coding.guard)."""

from __future__ import annotations

from django.urls import path

from fiit.web.coding import agreement_views, analysis_views, views

urlpatterns = [
    path("", views.home, name="coding-home"),
    path("question/", views.question_view, name="coding-question"),
    path("interview/<uuid:uid>/", views.interview_view, name="coding-interview"),
    path("apply/", views.apply, name="coding-apply"),
    path("remove/<int:pk>/", views.remove, name="coding-remove"),
    path("memo/", views.memo, name="coding-memo"),
    path("done/", views.done, name="coding-done"),
    path("suggestions/quality/", views.suggestions_quality, name="coding-suggestions-quality"),
    path("agreement/", agreement_views.agreement_page, name="coding-agreement"),
    path("disagreements/", agreement_views.disagreement_page, name="coding-disagreements"),
    path("reconcile/", agreement_views.reconcile_view, name="coding-reconcile"),
    path("retrieve/", analysis_views.retrieve, name="coding-retrieve"),
    path("findings/", analysis_views.findings_page, name="coding-findings"),
    path("findings/new/", analysis_views.finding_new, name="coding-finding-new"),
    path("findings/<int:pk>/publish/", analysis_views.finding_publish, name="coding-finding-publish"),
    path("quotes/freeze/", analysis_views.quote_freeze, name="coding-quote-freeze"),
]
