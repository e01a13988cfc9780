"""Agreement between coders, the disagreements, and reconciling them into a consensus coding."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fiit.coding.agreement import UNITS, agreement, disagreements
from fiit.db.coding import coding_interviews, current_codebook, open_answers, reconcile, reliability_data
from fiit.db.errors import UserError
from fiit.db.keys import current_keyfile
from fiit.db.models import Coding
from fiit.web.coding.guard import workbench
from fiit.web.editorial.studies import chosen_study
from fiit.web.languages import ui_language


@never_cache
@workbench()
def agreement_page(request):
    study = chosen_study(request)
    unit = request.GET.get("unit", "answer")
    if unit not in UNITS:
        unit = "answer"
    country = request.GET.get("country", "")
    result = None
    labels = {}
    if study is not None:
        codings, seen = reliability_data(coding_interviews(request.user, study, country=country))
        result = agreement(codings, unit=unit, seen=seen)
        book = current_codebook(study)
        lang = ui_language()
        labels = {c.id: c.name(lang) for c in book}
    rows = [{"code": c.code, "label": labels.get(c.code, c.code), "alpha": c.alpha, "kappa": c.kappa,
             "units": c.units, "coders": c.coders, "applied": c.applied} for c in (result.codes if result else ())]
    return render(request, "fiit/coding/agreement.html", {
        "study": study, "result": result, "rows": rows, "unit": unit, "units": UNITS, "country": country})


@never_cache
@workbench()
def disagreement_page(request):
    study = chosen_study(request)
    if study is None:
        raise Http404("no study")
    interviews = coding_interviews(request.user, study, country=request.GET.get("country", ""))
    codings, seen = reliability_data(interviews)
    found = disagreements(codings, seen=seen)
    by_answer: dict = {}
    for answer, code, who, others in found:
        by_answer.setdefault((answer.interview, answer.question_id), []).append(
            {"code": code, "applied_by": who, "not_by": others})
    wanted = interviews.filter(uid__in={uid for uid, _q in by_answer})
    texts = {(str(a.interview.uid), a.question_id): a for a in
             open_answers(wanted, current_keyfile(), actor=request.user.username, purpose="disagreements")}
    lang = ui_language()
    book = current_codebook(study)
    cards = []
    for (uid, qid), rows in sorted(by_answer.items()):
        answer = texts.get((uid, qid))
        if answer is None:
            continue
        spans: dict[str, tuple[int, int]] = {}
        for c in Coding.objects.filter(interview=answer.interview, question_id=qid, consensus=False):
            old = spans.get(c.code, (c.start, c.end))
            spans[c.code] = (min(old[0], c.start), max(old[1], c.end))
        label = lambda code: book.code(code).name(lang) if code in book else code  # noqa: E731
        for row in rows:
            row["label"], row["span"] = label(row["code"]), "%d-%d" % spans[row["code"]]
        agreed = [{"code": c, "label": label(c), "span": "%d-%d" % spans[c]}
                  for c in sorted(set(spans) - {r["code"] for r in rows})]
        consensus = set(Coding.objects.filter(interview=answer.interview, question_id=qid, consensus=True)
                        .values_list("code", flat=True))
        cards.append({"uid": uid, "question_id": qid, "text": answer.text, "rows": rows, "agreed": agreed,
                      "consensus": consensus})
    return render(request, "fiit/coding/disagreements.html", {"study": study, "cards": cards})


@require_POST
@workbench()
def reconcile_view(request):
    study = chosen_study(request)
    uid, question_id = request.POST.get("interview", ""), request.POST.get("question_id", "")
    chosen = []
    for value in request.POST.getlist("code"):
        code, _sep, span = value.partition(":")
        try:
            start, end = (int(x) for x in span.split("-"))
        except ValueError:
            continue
        chosen.append((code, start, end))
    try:
        n = reconcile(request.user, uid, question_id, chosen, current_keyfile())
    except (UserError, ValidationError) as exc:
        messages.error(request, str(exc) if isinstance(exc, UserError) else _("No such answer."))
    else:
        messages.success(request, _("Consensus coding saved: %(n)d code(s).") % {"n": n})
    return redirect(reverse("coding-disagreements") + "?" + urlencode({"study": study.pk if study else ""}))
