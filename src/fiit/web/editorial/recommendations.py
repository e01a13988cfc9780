"""Recommendation pages: the list of a study, add, change, delete (with confirmation).

Access: ``edit_recommendations``. The list and the forms reach only
:func:`fiit.db.access.recommendations_for` the user: a country lead their own
country's recommendations; another country's (or the comparative report's) is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fiit.db.access import countries_for, recommendations_for
from fiit.db.editorial import add_recommendation, delete_recommendation, update_recommendation
from fiit.db.errors import UserError
from fiit.db.models import AuditEvent, Country, Recommendation
from fiit.web.framework_display import text_in
from fiit.web.access import requires
from fiit.web.editorial.evidence import describe
from fiit.web.editorial.forms import RecommendationForm, may_publish
from fiit.web.editorial.labels import theme_label
from fiit.web.editorial.studies import all_studies, chosen_study
from fiit.web.languages import ui_language


def _frameworks():
    from fiit.db.report_data import stored_frameworks  # pulls in the report builder: only when a form is shown

    return stored_frameworks()


def list_url(study) -> str:
    return reverse("editorial-recommendations") + "?" + urlencode({"study": study.pk})


def evidence_anchor(ref) -> str:
    """The report page and block an evidence reference points at."""
    from fiit.reports.frameworks import framework_target

    country = ref.get("country")
    page = reverse("report-country", args=[country]) if country else reverse("report-comparative")
    kind = ref.get("kind")
    if kind == "scale":
        return f"{page}#fig-{ref.get('question_id', '')}"
    if kind == "ranking":
        return f"{page}#tab-ranking"
    if kind == "framework":
        return f"{page}#{framework_target(str(ref.get('field', '')))}"
    return page


def _last_changes(recs) -> dict[str, AuditEvent]:
    """Recommendation id -> its latest 'recommendation_changed' audit entry (who changed it, when)."""
    ids = [str(r.pk) for r in recs]
    out: dict[str, AuditEvent] = {}
    for event in AuditEvent.objects.filter(action="recommendation_changed", record_type="recommendation",
                                           record_id__in=ids).order_by("seq"):
        out[event.record_id] = event
    return out


@requires("edit_recommendations")
def recommendation_list(request):
    study = chosen_study(request)
    lang = ui_language()
    names = {c.code: c.name(lang) for c in Country.objects.all()}
    recs = []
    if study is not None:
        recs = list(recommendations_for(request.user).filter(study=study).select_related("created_by")
                    .order_by("country__position", "country", "theme", "pk"))
    changes = _last_changes(recs)
    rows = []
    for rec in recs:
        text, text_lang = text_in(rec.text, lang)
        rows.append({
            "rec": rec, "theme": theme_label(rec.theme), "text": text, "text_lang": text_lang,
            "report": names.get(rec.country_id, rec.country_id) if rec.country_id else _("Comparative report"),
            "evidence": [{"label": describe(ref, names), "href": evidence_anchor(ref)} for ref in rec.evidence],
            "by": rec.created_by.get_username() if rec.created_by else "",
            "changed": changes.get(str(rec.pk)),
        })
    return render(request, "fiit/editorial/recommendations.html", {
        "study": study, "studies": all_studies(), "rows": rows, "tab": "recommendations",
        "national": countries_for(request.user, "edit_recommendations") is not None,
        "may_publish": may_publish(request.user),
    })


def _form_page(request, form, study, rec=None):
    return render(request, "fiit/editorial/recommendation_form.html", {
        "form": form, "study": study, "rec": rec, "back": list_url(study), "tab": "recommendations",
        "selected": form.selected_evidence(),
    }, status=422 if form.is_bound and form.errors else 200)


def _save_failed(form) -> None:
    form.add_error(None, _("The recommendation could not be saved: check the report, the theme and the evidence, "
                           "then save again. Nothing you typed was lost."))


@requires("edit_recommendations")
@require_http_methods(["GET", "POST"])
def recommendation_new(request):
    study = chosen_study(request)
    if study is None:
        raise Http404("no study")
    form = RecommendationForm(request.user, request.POST or None, frameworks=_frameworks())
    if request.method == "POST" and form.is_valid():
        try:
            add_recommendation(study, **form.values(), actor=request.user.get_username(), user=request.user)
        except UserError:
            _save_failed(form)
        else:
            messages.success(request, _("The recommendation was added."))
            return redirect(list_url(study))
    return _form_page(request, form, study)


def _find(request, pk: int) -> Recommendation:
    """A recommendation the user may change: for analysts, who draft, only drafts (a published one is a 404)."""
    recs = recommendations_for(request.user).select_related("study", "country")
    if not may_publish(request.user):
        recs = recs.filter(published=False)
    return get_object_or_404(recs, pk=pk)


@requires("edit_recommendations")
@require_http_methods(["GET", "POST"])
def recommendation_edit(request, pk: int):
    rec = _find(request, pk)
    form = RecommendationForm(request.user, request.POST or None, frameworks=_frameworks(),
                              recommendation=rec)
    if request.method == "POST" and form.is_valid():
        try:
            update_recommendation(rec, **form.values(), actor=request.user.get_username())
        except UserError:
            _save_failed(form)
        else:
            messages.success(request, _("The recommendation was saved."))
            return redirect(list_url(rec.study))
    return _form_page(request, form, rec.study, rec)


@requires("edit_recommendations")
@require_http_methods(["GET", "POST"])
def recommendation_delete(request, pk: int):
    rec = _find(request, pk)
    if request.method == "POST":
        study = rec.study
        delete_recommendation(rec, actor=request.user.get_username())
        messages.success(request, _("The recommendation was deleted."))
        return redirect(list_url(study))
    text, text_lang = text_in(rec.text, ui_language())
    return render(request, "fiit/editorial/recommendation_delete.html", {
        "rec": rec, "text": text, "text_lang": text_lang, "theme": theme_label(rec.theme),
        "back": list_url(rec.study), "tab": "recommendations",
    })
