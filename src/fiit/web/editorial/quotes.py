"""Quote approval: the candidate quotes of a study, approve (with a theme), withdraw.

A candidate is an open answer (never an identifying field) of a FINAL interview
whose respondent consented to quotes. Answers are decrypted for this page view
only, and shown without respondent code, name, date or interview id. Access:
``approve_quote``, through :func:`fiit.db.access.interviews_for`, so another
country's interview is a 404 for a country lead. Approvals and withdrawals are
audited by :mod:`fiit.db.editorial` with the question id and theme, never the text.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fiit.db.access import countries_for, interviews_for
from fiit.db.answers import KeyDestroyed
from fiit.db.audit import record
from fiit.db.capture import read_for
from fiit.db.editorial import approve_quote, quotable_questions, withdraw_quote
from fiit.db.errors import UserError
from fiit.db.keys import current_keyfile
from fiit.db.models import Answer, Country, QuoteApproval
from fiit.db.store import instrument_of
from fiit.instruments import builtin_instruments, pick
from fiit.vault import DecryptionError
from fiit.web.access import requires
from fiit.web.editorial.forms import QuoteApprovalForm, QuoteWithdrawalForm, theme_choices
from fiit.web.editorial.labels import LANGUAGE_NAMES, theme_label
from fiit.web.editorial.studies import all_studies, chosen_study
from fiit.web.instrument_display import short_name
from fiit.web.languages import ui_language

PAGE_SIZE = 10
SHOW = ("all", "approved")


def candidates(user, study, *, instrument_id: str = "", country: str = "", approved_only: bool = False) -> QuerySet:
    """Final interviews of ``study`` the user may approve quotes in, whose respondent consented to quotes
    and which have at least one quotable answer."""
    qs = interviews_for(user, "approve_quote").filter(study=study, status="final", consent_quotes=True)
    if instrument_id:
        qs = qs.filter(instrument__instrument_id=instrument_id)
    if country:
        qs = qs.filter(country_id=country)
    has_open = Q(pk__in=[])
    for iid, instrument in builtin_instruments().items():
        ids = [q.id for q in quotable_questions(instrument)]
        answered = Answer.objects.filter(interview=OuterRef("pk"), question_id__in=ids, sealed__isnull=False)
        has_open |= Q(instrument__instrument_id=iid) & Exists(answered)
    qs = qs.filter(has_open)
    if approved_only:
        qs = qs.filter(Exists(QuoteApproval.objects.filter(interview=OuterRef("pk"))))
    return qs.select_related("instrument", "country").order_by("country__position", "instrument__instrument_id", "pk")


def _card(interview, number: int, approvals: dict, keyfile, lang: str, approved_only: bool) -> dict:
    instrument = instrument_of(interview)
    quotable = quotable_questions(instrument)
    hide = {q.id for q in instrument.questions()} - {q.id for q in quotable}  # never decrypted
    card = {"interview": interview, "number": number, "instrument": short_name(instrument.id),
            "country": interview.country.name(lang), "language": LANGUAGE_NAMES.get(interview.language, ""),
            "items": [], "unreadable": False}
    try:
        answers = read_for(interview, instrument, keyfile, hide=hide)
    except (KeyDestroyed, DecryptionError):
        card["unreadable"] = True
        return card
    for q in quotable:
        text = answers.get(q.id)
        approval = approvals.get((interview.pk, q.id))
        if not isinstance(text, str) or not text.strip() or (approved_only and approval is None):
            continue
        card["items"].append({
            "id": q.id, "number": q.number or q.id, "question": pick(q.text, lang), "answer": text,
            "approval": approval, "theme": theme_label(approval.theme) if approval else "",
            "suggested": approval.theme if approval else (q.theme[0] if q.theme else ""),
        })
    return card


@requires("approve_quote")
@never_cache
def quote_list(request):
    user, lang = request.user, ui_language()
    study = chosen_study(request)
    allowed = countries_for(user, "approve_quote")
    countries = [(c.code, c.name(lang)) for c in Country.objects.all() if allowed is None or c.code in allowed]
    instruments = [(iid, short_name(iid)) for iid in builtin_instruments()]
    instrument_id = request.GET.get("instrument", "")
    instrument_id = instrument_id if instrument_id in dict(instruments) else ""
    country = request.GET.get("country", "").upper()
    country = country if allowed is None and country in dict(countries) else ""
    show = request.GET.get("show") if request.GET.get("show") in SHOW else "all"
    cards, page = [], None
    if study is not None:
        qs = candidates(user, study, instrument_id=instrument_id, country=country, approved_only=show == "approved")
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        ids = [i.pk for i in page.object_list]
        approvals = {(a.interview_id, a.question_id): a
                     for a in QuoteApproval.objects.filter(interview_id__in=ids).select_related("approved_by")}
        keyfile = current_keyfile() if ids else None
        cards = [_card(interview, n, approvals, keyfile, lang, show == "approved")
                 for n, interview in enumerate(page.object_list, start=page.start_index())]
        if ids:  # a page of victims' own words, opened at once: audited (issue 14, M5)
            record("quotes_read", actor=user.get_username(), record_type="study", record_id=study.pk,
                   details={"interviews": len(ids), "answer_count": sum(len(c["items"]) for c in cards),
                            "interview_ids": ids})
    query = {k: v for k, v in (("study", study.pk if study else ""), ("instrument", instrument_id),
                               ("country", country), ("show", show if show != "all" else "")) if v}
    return render(request, "fiit/editorial/quotes.html", {
        "study": study, "studies": all_studies(), "cards": cards, "page": page, "tab": "quotes",
        "themes": theme_choices(), "instruments": instruments, "countries": countries if allowed is None else [],
        "instrument": instrument_id, "country": country, "show": show, "query": urlencode(query),
        "here": request.get_full_path(),
    })


def _back(request, anchor: str = "") -> str:
    """Back to the quote list the form was sent from (only ever a page of this site's quote list)."""
    target = request.POST.get("next", "")
    base = reverse("editorial-quotes")
    if not (target.startswith(base) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})):
        target = base
    return target + (f"#{anchor}" if anchor else "")


def _refusal(interview, question_id: str) -> str | None:
    """Why this answer cannot be quoted (in the user's language), or None."""
    if interview.status != "final":
        return _("Only answers of a final interview can be quoted.")
    if not interview.consent_quotes:
        return _("The respondent did not consent to quotes in reports; this answer cannot be quoted.")
    if question_id not in {q.id for q in quotable_questions(instrument_of(interview))}:
        return _("This question is not an open answer that may be quoted.")
    if not interview.answers.filter(question_id=question_id, sealed__isnull=False).exists():
        return _("The interview has no answer to this question.")
    return None


@requires("approve_quote")
@require_POST
def quote_approve(request, uid):
    interview = get_object_or_404(interviews_for(request.user, "approve_quote").select_related("instrument"), uid=uid)
    form = QuoteApprovalForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_back(request))
    question_id, theme = form.cleaned_data["question"], form.cleaned_data["theme"]
    anchor = f"q-{interview.uid}-{question_id}"
    refusal = _refusal(interview, question_id)
    if refusal is None:
        try:
            approve_quote(interview, question_id, theme, actor=request.user.get_username(), user=request.user)
        except UserError:
            refusal = _("The quote could not be approved. Reload the page and try again.")
    if refusal is not None:
        messages.error(request, refusal)
        return redirect(_back(request))
    messages.success(request, _("The quote was approved under the theme “%(theme)s”. Reports built from now on "
                                "show it.") % {"theme": theme_label(theme)})
    return redirect(_back(request, anchor))


@requires("approve_quote")
@require_POST
def quote_withdraw(request, uid):
    interview = get_object_or_404(interviews_for(request.user, "approve_quote"), uid=uid)
    form = QuoteWithdrawalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say which answer's approval to withdraw."))
        return redirect(_back(request))
    question_id = form.cleaned_data["question"]
    if withdraw_quote(interview, question_id, actor=request.user.get_username()):
        messages.success(request, _("The approval was withdrawn: reports built from now on leave the quote out."))
        return redirect(_back(request, f"q-{interview.uid}-{question_id}"))
    messages.info(request, _("This answer was not approved as a quote; there was nothing to withdraw."))
    return redirect(_back(request))
