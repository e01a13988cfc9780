"""Capture URLs, included under /interviews/ (every one needs a login: fiit.web.access.require_login)."""

from __future__ import annotations

from django.urls import path

from fiit.web.capture import field_views, form_views, history, review, views

urlpatterns = [
    path("", views.interview_list, name="capture-list"),
    path("new/", views.interview_new, name="capture-new"),
    path("field/", field_views.field_app, name="capture-field"),
    path("field/precache.json", field_views.precache, name="capture-field-precache"),
    path("field/session.json", field_views.session, name="capture-field-session"),
    path("field/<slug:instrument_id>/<str:country>/<str:lang>/", field_views.field_form, name="capture-field-form"),
    path("sync/", field_views.sync, name="capture-sync"),
    path("<uuid:uid>/", views.interview_detail, name="capture-detail"),
    path("<uuid:uid>/consent/", views.interview_consent, name="capture-consent"),
    path("<uuid:uid>/edit/", form_views.interview_form, name="capture-form"),
    path("<uuid:uid>/save/", form_views.interview_save, name="capture-save"),
    path("<uuid:uid>/history/", history.interview_history, name="capture-history"),
    path("<uuid:uid>/review/", review.interview_review, name="capture-review"),
    path("<uuid:uid>/finalise/", form_views.interview_finalise, name="capture-finalise"),
    path("<uuid:uid>/delete/", views.interview_delete, name="capture-delete"),
]
