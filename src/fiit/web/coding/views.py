"""The coding workbench: one question's answers across interviews, or one interview's answers, decrypted
for this page only; codes applied to selected passages (each coder's work kept apart), memos, suggestions.

Answers are read through :func:`fiit.db.coding.coding_interviews` (the role table, in the query) and every
page view that decrypts them writes an audit entry. The page never stores text in the browser: the script
sends offsets and code ids, nothing else.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fiit.coding.suggestions import Example, Suggester, evaluate
from fiit.db.access import countries_for
from fiit.db.coding import (apply_code, codable_questions, coding_interviews, current_codebook, mark_coded,
                            open_answers, read_memo, remove_coding, save_memo)
from fiit.db.errors import UserError
from fiit.db.keys import current_keyfile
from fiit.db.models import Coding, CodingMemo, Country
from fiit.instruments import builtin_instruments, get_instrument, pick
from fiit.web.coding.guard import workbench
from fiit.web.editorial.studies import chosen_study
from fiit.web.languages import ui_language

SHORTCUT_KEYS = "123456789abcdefghijklmnopqrstuvwxyz"
FILTERS = {"gender": "sd_gender", "citizenship": "sd_citizenship", "exploitation": "sd_exploitation"}
MAX_ANSWERS = 1000


def _codes(book, lang: str) -> list[dict]:
    out = []
    for depth, code in book.depth_first():
        item = {"id": code.id, "label": code.name(lang), "depth": depth, "codable": code.codable,
                "definition": pick(code.definition, lang), "example": pick(code.example, lang)}
        out.append(item)
    keys = iter(SHORTCUT_KEYS)
    for item in out:
        item["key"] = next(keys, "") if item["codable"] else ""
    return out


def _filters(request) -> dict:
    return {name: request.GET.get(name, "") for name in FILTERS}


def _country_choices(user, lang: str) -> list[tuple[str, str]]:
    allowed = countries_for(user, "code_answers")
    qs = Country.objects.all() if allowed is None else Country.objects.filter(code__in=allowed)
    return [(c.code, c.name(lang)) for c in qs]


def _page(request, study, answers, *, title: str, question=None, interview=None):
    lang = ui_language()
    keyfile = current_keyfile()
    book = current_codebook(study)
    me = request.user.username
    refs = [(a.interview.pk, a.question_id) for a in answers]
    interview_ids = {pk for pk, _q in refs}
    mine: dict[tuple[int, str], list] = {}
    for c in Coding.objects.filter(interview_id__in=interview_ids, coder=me, consensus=False):
        mine.setdefault((c.interview_id, c.question_id), []).append(
            {"id": c.pk, "code": c.code, "start": c.start, "end": c.end})
    memos = {(m.interview_id, m.question_id): read_memo(m, keyfile)
             for m in CodingMemo.objects.filter(interview_id__in=interview_ids, coder=me).select_related("interview")}
    suggestions = _suggestions(study, answers, mine)
    items = []
    for number, a in enumerate(answers, start=1):
        key = (a.interview.pk, a.question_id)
        instrument = get_instrument(a.interview.instrument.instrument_id)
        items.append({
            "number": number, "uid": str(a.interview.uid), "question_id": a.question_id,
            "question": pick(instrument.question(a.question_id).text, lang), "text": a.text,
            "language": a.interview.language, "country": a.interview.country.name(lang),
            "group": a.interview.instrument.instrument_id,
            "codings": mine.get(key, []), "memo": memos.get(key, ""),
            "suggestions": [{"code": s.code, "label": book.code(s.code).name(lang), "confidence": s.confidence}
                            for s in suggestions.get(key, [])],
        })
    return render(request, "fiit/coding/workbench.html", {
        "study": study, "title": title, "items": items, "codes": _codes(book, lang),
        "code_labels": {c.id: c.name(lang) for c in book}, "question": question, "interview": interview,
        "instrument_id": request.GET.get("instrument", ""),
        "countries": _country_choices(request.user, lang), "filters": _filters(request),
        "country": request.GET.get("country", ""), "codebook_version": book.version,
    })


def _suggestions(study, answers, mine) -> dict:
    """Suggestions for the answers this coder has not coded yet, learnt from the study's coded answers."""
    uncoded = [a for a in answers if (a.interview.pk, a.question_id) not in mine]
    if not uncoded:
        return {}
    trained = _trained(study)
    if trained is None:
        return {}
    examples = [Example((a.interview.pk, a.question_id), a.interview.language, a.text) for a in uncoded]
    return trained.suggest(examples)


def _training_examples(study) -> list[Example]:
    """Coded answers of the study (consensus where there is one, else any coder's), decrypted for training."""
    from fiit.db.models import Interview

    codes: dict[tuple[int, str], set[str]] = {}
    for interview_id, qid, code in Coding.objects.filter(interview__study=study).values_list(
            "interview_id", "question_id", "code"):
        codes.setdefault((interview_id, qid), set()).add(code)
    if not codes:
        return []
    interviews = Interview.objects.filter(pk__in={k[0] for k in codes}).select_related("instrument")
    texts = {(a.interview.pk, a.question_id): a for a in open_answers(interviews, current_keyfile(),
                                                                     actor="system", purpose="suggestions")}
    return [Example(key, texts[key].interview.language, texts[key].text, frozenset(c))
            for key, c in codes.items() if key in texts]


def _trained(study):
    """The suggestion model, trained once per version of the study's coded answers (not per page view)."""
    from fiit.db.suggestion_cache import trained

    def train():
        examples = _training_examples(study)
        if not examples:
            return None
        suggester = Suggester(examples)
        return suggester if suggester.languages() else None

    return trained(study, train)


@never_cache
@workbench()
def home(request):
    lang = ui_language()
    study = chosen_study(request)
    questions = []
    for iid, instrument in builtin_instruments().items():
        for q in codable_questions(instrument):
            questions.append({"instrument": iid, "id": q.id, "number": q.number, "text": pick(q.text, lang)})
    interviews = coding_interviews(request.user, study) if study else []
    return render(request, "fiit/coding/home.html", {
        "study": study, "questions": questions, "interviews": list(interviews[:300]),
    })


@never_cache
@workbench()
def question_view(request):
    """?instrument=victim&question=a1 (and the filters): one question's answers across interviews."""
    instrument_id, question_id = request.GET.get("instrument", ""), request.GET.get("question", "")
    study = chosen_study(request)
    if study is None or instrument_id not in builtin_instruments():
        raise Http404("no such question")
    instrument = get_instrument(instrument_id)
    if question_id not in {q.id for q in codable_questions(instrument)}:
        raise Http404("no such question")
    filters = {FILTERS[k]: v for k, v in _filters(request).items() if v}
    interviews = coding_interviews(request.user, study, country=request.GET.get("country", ""),
                                   instrument_id=instrument_id, **filters)[:MAX_ANSWERS]
    answers = open_answers(interviews, current_keyfile(), question_id=question_id, actor=request.user.username)
    lang = ui_language()
    return _page(request, study, answers, title=pick(instrument.question(question_id).text, lang),
                 question=question_id)


@never_cache
@workbench()
def interview_view(request, uid):
    study = chosen_study(request)
    try:
        interview = coding_interviews(request.user, study).filter(uid=uid).first() if study else None
    except ValidationError:
        interview = None
    if interview is None:
        raise Http404("no such interview")
    answers = open_answers([interview], current_keyfile(), actor=request.user.username)
    return _page(request, study, answers, title=_("One interview's answers"), interview=interview)


def _payload(request) -> dict:
    try:
        return json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}


@require_POST
@workbench()
def apply(request):
    data = _payload(request)
    try:
        coding = apply_code(request.user, str(data.get("interview", "")), str(data.get("question_id", "")),
                            str(data.get("code", "")), int(data.get("start", -1)), int(data.get("end", -1)),
                            current_keyfile())
    except (UserError, ValidationError, ValueError, TypeError) as exc:
        message = str(exc) if isinstance(exc, UserError) else _("The coding was not understood.")
        return JsonResponse({"error": message}, status=400)
    return JsonResponse({"id": coding.pk, "code": coding.code, "start": coding.start, "end": coding.end})


@require_POST
@workbench()
def remove(request, pk: int):
    if not remove_coding(request.user, pk):
        raise Http404("no such coding of yours")
    return JsonResponse({"removed": pk})


def _interview_for(request, data):
    from fiit.db.access import interviews_for

    try:
        return interviews_for(request.user, "code_answers").filter(uid=str(data.get("interview", ""))).first()
    except ValidationError:
        return None


@require_POST
@workbench()
def memo(request):
    data = _payload(request)
    interview = _interview_for(request, data)
    question_id = str(data.get("question_id", ""))
    if interview is None:
        raise Http404("no such interview")
    if question_id not in {q.id for q in codable_questions(get_instrument(interview.instrument.instrument_id))}:
        return HttpResponseBadRequest("no such question")
    try:
        save_memo(request.user, interview, question_id, str(data.get("memo", "")), current_keyfile())
    except UserError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"saved": True})


@require_POST
@workbench()
def done(request):
    data = _payload(request)
    interview = _interview_for(request, data)
    if interview is None:
        raise Http404("no such interview")
    mark_coded(request.user, interview, str(data.get("question_id", "")))
    return JsonResponse({"coded": True})


@never_cache
@workbench()
def suggestions_quality(request):
    study = chosen_study(request)
    evaluation = evaluate(_training_examples(study)) if study else None
    return JsonResponse(evaluation.to_dict() if evaluation else {})
