"""Capture pages: the interview list, a new interview, consent, reading an interview, withdrawal."""

from __future__ import annotations

import datetime as dt
from html import escape

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as date_format
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fiit.db.access import allowing_rows, allows, can, interview_condition, interviews_for
from fiit.db.capture import has_consent, read_for, record_consent, record_view, start_interview, withdraw
from fiit.db.keys import current_keyfile
from fiit.db.device_sync import with_sync_state
from fiit.db.models import Interview
from fiit.db.store import instrument_of
from fiit.instruments import get_instrument, pick
from fiit.interviews.states import NOT_ASKED, interview_states
from fiit.vault.keyfile import DemoKeyRefused
from fiit.vocabulary import vocabulary
from fiit.web.access import requires
from fiit.web.capture import list_queries
from fiit.web.capture.consent import consent_text
from fiit.web.capture.forms import ConsentForm, NewInterviewForm
from fiit.web.capture.lookup import find, find_editable, hidden_questions, is_locked_for
from fiit.web.capture.page_urls import interview_url, page_url, url_maker
from fiit.web.capture.reading import answer_state_labels, answered_sections, sections_html
from fiit.web.instrument_display import short_name
from fiit.web.languages import ui_language

PAGE_SIZE = 50


def _filtered(request, user, qs):
    """The list narrowed by the filter form: status, instrument, interviewer, dates, source, sync state,
    respondent code."""
    get = request.GET
    if get.get("status") in ("draft", "final"):
        qs = qs.filter(status=get["status"])
    if get.get("instrument"):
        qs = qs.filter(instrument__instrument_id=get["instrument"])
    if get.get("interviewer"):
        qs = qs.filter(interviewer__username=get["interviewer"])
    if get.get("source"):
        qs = qs.filter(source=get["source"])
    qs = with_sync_state(qs, get.get("sync", ""))
    for name, lookup in (("date_from", "interview_date__gte"), ("date_to", "interview_date__lte")):
        try:
            if get.get(name):
                qs = qs.filter(**{lookup: dt.date.fromisoformat(get[name])})
        except ValueError:
            pass  # an unreadable date filters nothing
    code = get.get("code", "").strip()
    if code:  # only among interviews whose code this user may see
        qs = qs.filter(pk__in=interviews_for(user, "view_respondent_code").filter(respondent_code__icontains=code)
                       .values("pk"))
    return qs


def _sync_labeller():
    """``(device_synced_at, updated_at) -> (state, label)`` for a page's rows, each sentence translated once a
    page rather than once a row (fiit.db.device_sync.sync_state decides the state the same way)."""
    server = _("Entered on the server")
    device = _("Synced from a device at %(when)s")
    edited = _("Edited on the server since the device synced at %(when)s")

    def label(synced_at, updated_at) -> tuple[str, str]:
        if synced_at is None:
            return "server", server
        when = date_format(localtime(synced_at), "Y-m-d H:i")  # as |date did: in the current time zone
        if updated_at > synced_at:
            return "edited", edited % {"when": when}
        return "device", device % {"when": when}

    return label


_ROW = ('    <tr>\n      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n'
        '      <td class="sync-state sync-{}" data-sync="{}">{}</td>\n      <td><a href="{}">{}</a>{}</td>\n    </tr>\n')


def rows_html(rows: list[dict]) -> str:
    """The list's table rows (``<tr>`` each), written here rather than as a template loop: fifty rows of
    eight tags cost more in the template engine than the rest of the page (issue 16). Every value is
    escaped with the standard library's ``html.escape``, which Django's ``escape`` calls (without its
    lazy-string wrapper, a third of this function's time)."""
    hidden = '<span class="subtle">%s</span>' % escape(_("hidden"))
    open_label, edit_label = escape(_("Open")), escape(_("Edit"))
    escaped: dict[str, str] = {}

    def label(text: str) -> str:  # a page repeats a few labels (instrument, country, status, sync state)
        found = escaped.get(text)
        if found is None:
            found = escaped[text] = escape(text)
        return found

    return mark_safe("".join(  # nosec B308: every value below is escaped
        _ROW.format(escape(row["code"]) if row["code"] else hidden, label(row["instrument"]),
                    label(row["country"]), row["date"], label(row["status"]), row["sync"], row["sync"],
                    label(row["sync_label"]), escape(row["detail_url"]), open_label,
                    ' · <a href="%s">%s</a>' % (escape(row["form_url"]), edit_label) if row["editable"] else "")
        for row in rows))


@requires("view_interview")
def interview_list(request):
    user = request.user
    condition = interview_condition(user, ("view_interview",))
    visible = list_queries.visible(condition)
    filtered = _filtered(request, user, visible)  # the same queryset when no filter is set
    # One grouped query by instrument and interviewer gives the filter form's options and, when no filter is
    # set, how many interviews the list has (the page asked a count and two DISTINCTs, each a pass over
    # every interview the user may open).
    groups = list_queries.groups(condition)
    instruments = sorted({instrument for instrument, _, _ in groups})
    interviewers = sorted({name for _, name, _ in groups if name is not None})
    if filtered is visible and condition is not None:
        paginator = Paginator(list_queries.UnfilteredRows(condition, sum(n for _, _, n in groups)), PAGE_SIZE)
    else:
        paginator = Paginator(list_queries.listed(filtered), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    lang = ui_language()
    detail_url, form_url = url_maker("capture-detail"), url_maker("capture-form")
    shows_code, edits_draft, edits_final = (allowing_rows(user, action) for action in (
        "view_respondent_code", "edit_interview", "edit_final_interview"))
    statuses = {"final": _("final"), "draft": _("draft")}
    names = {iid: short_name(iid) for iid in instruments}
    sync = _sync_labeller()
    rows = []
    for pk, uid, code, status, date, country, country_names, interviewer, instrument, synced, updated in page:
        scoped = (country, interviewer, instrument)
        state, label = sync(synced, updated)
        rows.append({
            "pk": pk,
            "instrument": names.get(instrument) or short_name(instrument),
            "country": country_names.get(lang) or country_names.get("en") or country,  # as Country.name
            "code": code if shows_code(*scoped) else None,
            "editable": (status == "draft" and edits_draft(*scoped)) or edits_final(*scoped),
            "status": statuses.get(status, statuses["draft"]),
            "sync": state,
            "sync_label": label,
            "date": date.isoformat(),
            "detail_url": detail_url(uid),
            "form_url": form_url(uid),
        })
    return render(request, "fiit/capture/list.html", {
        "rows": rows, "rows_html": rows_html(rows), "page": page, "can_create": can(user, "create_interview"),
        "filters": request.GET, "query": _query_without_page(request),
        "instruments": [(iid, names[iid]) for iid in instruments],
        "interviewers": interviewers,
        "sources": [(value, SOURCE_LABELS.get(value, label)) for value, label in Interview.SOURCES],
        "filters_key": _filters_key(request, instruments, interviewers),
    })


#: The filter form's fields (fiit/capture/_list_filters.html).
#: How an interview arrived, in the interface language (KoboToolbox and ODK Central are names: not translated).
SOURCE_LABELS = {"web": gettext_lazy("Web form"), "demo": gettext_lazy("Demo generator")}

FILTER_FIELDS = ("code", "status", "instrument", "interviewer", "source", "sync", "date_from", "date_to")


def _filters_key(request, instruments: list[str], interviewers: list[str]) -> str:
    """What the filter form shows when no filter is set, for the template's fragment cache (with the
    language): its options, read from the database on this request. Empty when a filter is set: the
    form then shows the request's own values and is rendered, not kept."""
    if any(request.GET.get(name) for name in FILTER_FIELDS):
        return ""
    return "\x1f".join(instruments) + "\x1e" + "\x1f".join(interviewers)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@requires("create_interview")
@require_http_methods(["GET", "POST"])
def interview_new(request):
    form = NewInterviewForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interview = start_interview(
                study=data["study"], instrument_id=data["instrument"], country=data["country"],
                language=data["language"], user=request.user, keyfile=current_keyfile(),
            )
        except DemoKeyRefused:
            form.add_error(None, _("This server runs with the demo key, which protects synthetic demo data only. "
                                   "Ask the coordinator to set up a key file for real interviews ('fiit keys init')."))
        else:
            return redirect("capture-consent", uid=interview.uid)
    return render(request, "fiit/capture/new.html", {"form": form, "has_study": form.fields["study"].queryset.exists()})


@requires("edit_interview")
@require_http_methods(["GET", "POST"])
def interview_consent(request, uid):
    interview = find_editable(request.user, uid)
    if has_consent(interview):
        return redirect("capture-form", uid=interview.uid)
    if is_locked_for(request.user, interview):
        return redirect("capture-detail", uid=interview.uid)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record_consent(interview, user=request.user, **form.cleaned_data)
        return redirect("capture-form", uid=interview.uid)
    instrument = instrument_of(interview)
    return render(request, "fiit/capture/consent.html", {
        "interview": interview, "form": form, "consent": consent_text(interview.language),
        "title": pick(instrument.title, interview.language), "intro": pick(instrument.intro, interview.language),
        "show_code": can(request.user, "view_respondent_code", interview=interview),
    })


@requires("view_interview")
def interview_detail(request, uid):
    user = request.user
    interview = find(user, "view_interview", uid)
    instrument = instrument_of(interview)
    hidden = hidden_questions(user, interview, instrument)
    keyfile = current_keyfile()
    answers = read_for(interview, instrument, keyfile, hide=hidden)
    record_view(interview, user=user, keyfile=keyfile)
    # The one rule (fiit.interviews.states), judged as fiit stats judges it: by the current version.
    current = get_instrument(instrument.id)
    states = interview_states(instrument, current, answers)
    labels = answer_state_labels(get_language())  # lang: as the template's LANGUAGE_CODE
    steps = answered_sections(instrument, interview.language, interview.country_id, answers, states, labels,
                              hidden=hidden)
    not_asked = [{"id": q.id, "number": q.number, "text": pick(q.text, interview.language)}
                 for q in current.questions() if states.get(q.id) == NOT_ASKED and q.id not in hidden]
    not_asked_label = next(pick(s.label, ui_language()) for s in vocabulary().answer_states if s.code == NOT_ASKED)
    consented = has_consent(interview)
    return render(request, "fiit/capture/detail.html", {
        "not_asked": not_asked, "not_asked_label": not_asked_label, "recorded_version": instrument.version,
        "interview": interview, "sections_html": sections_html(steps, interview.language), "title": pick(instrument.title, interview.language),
        "show_code": allows(user, "view_respondent_code", interview),
        "can_edit": (interview.status == "draft" and allows(user, "edit_interview", interview))
        or (interview.status == "final" and allows(user, "edit_final_interview", interview)),
        "can_delete": allows(user, "delete_interview", interview),
        "can_see_history": allows(user, "edit_final_interview", interview),
        "has_consent": consented,
        "hidden_count": len(hidden),
        "interview_date": interview.interview_date.isoformat() if interview.interview_date else "",
        "list_url": page_url("capture-list"),
        "edit_url": interview_url("capture-form" if consented else "capture-consent", interview.uid),
        "history_url": interview_url("capture-history", interview.uid),
        "delete_url": interview_url("capture-delete", interview.uid),
    })


@requires("delete_interview")
@require_http_methods(["GET", "POST"])
def interview_delete(request, uid):
    interview = find(request.user, "delete_interview", uid)
    if request.method == "POST":
        withdraw(interview, user=request.user, keyfile=current_keyfile())
        # true only of what fiit holds: files exported or downloaded before are out of its reach (issue 14, item 5)
        messages.success(request, _(
            "The interview was deleted and its key destroyed: no copy of the database, backups included, can read "
            "it any more, and the stored reports are rebuilt without it. Files exported or downloaded before "
            "(reports, coding projects) are not reached: delete them where they were saved."))
        return redirect(reverse("capture-list"))
    return render(request, "fiit/capture/delete.html", {
        "interview": interview, "show_code": can(request.user, "view_respondent_code", interview=interview),
        "instrument": short_name(interview.instrument.instrument_id),
    })
