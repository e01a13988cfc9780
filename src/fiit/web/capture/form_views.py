"""The interview form: the page, the autosave endpoint (JSON) and finalising.

The page works without JavaScript (one form, every section, a Save button);
``fiit/capture/capture.js`` turns it into steps, evaluates relevance and saves
as the interviewer goes. Both paths end in :func:`fiit.db.capture.save_answers`.
"""

from __future__ import annotations

import json

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fiit.db.answer_base import base_tokens, changed_by_client, parse_base, record_resolution
from fiit.db.capture import finalise, has_consent, read_for, record_view, save_answers, section_of
from fiit.db.keys import current_keyfile
from fiit.db.store import instrument_of
from fiit.instruments import pick
from fiit.web.access import requires
from fiit.web.capture.conflicts import conflict_entries, conflict_messages, new_bases, resolutions
from fiit.web.capture.fields import answers_from_json, answers_from_post
from fiit.web.capture.form_markup import answer_states, form_markup
from fiit.web.capture.review import finalise_from_review, finalised_redirect, review_of
from fiit.web.capture.lookup import (find, find_editable, form_permissions, hidden_questions, is_locked_for, json_error,
                                     locked_message)
from fiit.web.capture.page_urls import interview_url, page_url
from fiit.web.capture.posted import unstorable_answer, unstorable_message, valid_text
from fiit.web.views.errors import error_body

MAX_BODY = 512 * 1024


def _step_from(request, count: int) -> int:
    try:
        step = int(request.GET.get("step", "1"))
    except ValueError:
        return 1
    return min(max(step, 1), max(count, 1))


def _locked_page(request, interview):
    return render(request, "fiit/capture/locked.html", {"interview": interview, "message": locked_message()},
                  status=409)


def reason_message() -> str:
    return _("Give the reason for changing a final interview; it is recorded in the audit trail.")


def render_form(request, interview, instrument, hidden, answers, errors, step=None, status=200, finalise_errors=None,
                reason_error="", server_answers=None, base=None, allowed=None):
    """The form page. Its base tokens (fiit.db.answer_base) are ``base`` when given (a posted form shown again
    as it was posted), else those of ``server_answers`` (what is stored, when ``answers`` holds what was posted
    and refused), else those of ``answers``. ``allowed``: the user's form_permissions, when known."""
    if allowed is None:
        allowed = form_permissions(request.user, interview)
    markup = form_markup(instrument, interview.country_id, interview.language, hidden)
    states = answer_states(instrument, answers, errors)  # the one place this request's answers enter the questions
    if step is None:
        step = _step_from(request, len(markup.steps))
    return render(request, "fiit/capture/form.html", {
        "interview": interview, "steps_nav": markup.navigation(states, step), "steps_html": markup.render(states, step),
        "current_step": step, "step_count": len(markup.steps),
        "title": pick(instrument.title, interview.language),
        "show_code": "view_respondent_code" in allowed,
        "finalise_errors": finalise_errors or [],
        "reason_error": reason_error,
        "can_finalise": interview.status == "draft" and "finalise_interview" in allowed,
        "save_url": interview_url("capture-save", interview.uid),
        "form_url": interview_url("capture-form", interview.uid),
        "detail_url": interview_url("capture-detail", interview.uid),
        "list_url": page_url("capture-list"),
        "answer_base": json.dumps(base if base is not None else
                                  base_tokens(interview.uid, answers if server_answers is None else server_answers)),
    }, status=status)


@requires("edit_interview")
@require_http_methods(["GET", "POST"])
def interview_form(request, uid):
    interview = find_editable(request.user, uid)
    allowed = form_permissions(request.user, interview)
    if is_locked_for(request.user, interview, allowed):
        return _locked_page(request, interview)
    if not has_consent(interview):
        return redirect("capture-consent", uid=interview.uid)
    instrument = instrument_of(interview)
    hidden = hidden_questions(request.user, interview, instrument, allowed)
    keyfile = current_keyfile()
    if request.method == "POST":
        # The form without JavaScript: every drawn question, saved like an autosave.
        reason = request.POST.get("change_reason", "").strip()
        if interview.status == "final" and not reason:
            answers = answers_from_post(instrument, request.POST, hidden)
            return render_form(request, interview, instrument, hidden, answers, {}, status=422,
                               reason_error=reason_message(), base=parse_base(request.POST.get("answer_base")),
                               allowed=allowed)
        changes, base = posted_changes(interview, instrument, request.POST, hidden)
        result = save_answers(interview, changes, user=request.user, keyfile=keyfile, hidden=hidden, reason=reason,
                              base=base)
        errors = {**result.problems, **result.rejected, **conflict_messages(interview, result)}
        if errors:
            answers = {**result.answers, **changes}
            first = min(section_of(instrument, q) for q in errors)
            return render_form(request, interview, instrument, hidden, answers, errors, step=first, status=422,
                               server_answers=result.answers, allowed=allowed)
        if request.POST.get("action") == "review" and "finalise_interview" in allowed:
            return redirect("capture-review", uid=interview.uid)
        return redirect(f"{reverse('capture-form', kwargs={'uid': interview.uid})}?step={request.POST.get('step', 1)}")
    answers = read_for(interview, instrument, keyfile, hide=hidden)
    record_view(interview, user=request.user, what="form", keyfile=keyfile)
    errors = {}
    if request.GET.get("check"):  # from the review page: the reasons next to the questions
        errors = {e.id: list(e.messages) for e in review_of(interview, instrument, answers, hidden)["errors"]}
    return render_form(request, interview, instrument, hidden, answers, errors, allowed=allowed)


@requires("edit_interview")
def interview_save(request, uid):
    """Autosave: POST {"answers": {question id: value or null}} -> what was saved and each error.

    Answers that fail validation are not stored; their messages come back in
    the interview's language under ``rejected``. Errors use the one JSON error
    shape: {"error": {"status", "code", "message"}}.
    """
    if request.method != "POST":
        response = json_error(405, "method_not_allowed", _("Send the answers with POST."))
        response["Allow"] = "POST"
        return response
    interview = find_editable(request.user, uid)
    if is_locked_for(request.user, interview):
        return json_error(409, "locked", locked_message())
    if not has_consent(interview):
        return json_error(409, "no_consent", _("Record the respondent's consent before the interview starts."))
    if len(request.body) > MAX_BODY:
        return JsonResponse(error_body(400), status=400)
    try:
        payload = json.loads(request.body.decode("utf-8"))
        changes = payload["answers"]
        if not isinstance(changes, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return JsonResponse(error_body(400), status=400)
    bad = unstorable_answer(changes)
    if bad is not None:
        return json_error(400, "unstorable_answer", unstorable_message(bad))
    reason = payload.get("reason") if isinstance(payload, dict) else None
    reason = reason.strip() if isinstance(reason, str) and valid_text(reason) else ""
    if interview.status == "final" and not reason:
        return json_error(422, "reason_required", reason_message())
    instrument = instrument_of(interview)
    hidden = hidden_questions(request.user, interview, instrument)
    base = parse_base(payload.get("base"))
    result = save_answers(interview, answers_from_json(instrument, changes), user=request.user,
                          keyfile=current_keyfile(), hidden=hidden, reason=reason, base=base)
    body = {
        "saved": result.saved,
        "accepted": sorted(q for q in changes
                           if q not in result.rejected and q not in hidden and q not in result.conflicts),
        "rejected": result.rejected,
        "problems": result.problems,
        "warnings": result.warnings,
        "status": interview.status,
        "saved_at": timezone.now().isoformat(timespec="seconds"),
    }
    if base is not None:
        body["bases"] = new_bases(interview, instrument, changes, result, hidden)
        body["conflicts"] = conflict_entries(request.user, interview, instrument, result)
    resolution, resolved = resolutions(payload)
    if resolved:
        # Only questions of this form the user may see; their own answer only when it came with this save
        # and was taken (not a conflict again, not refused).
        shown = set(instrument.question_ids()) - set(hidden) - set(result.conflicts) - set(result.rejected)
        kept = {k: sorted(q for q, how in resolved.items() if how == k and q in shown
                          and (k == "server" or q in changes)) for k in ("server", "device")}
        record_resolution(interview, user=request.user, resolution=resolution, kept_server=kept["server"],
                          kept_device=kept["device"])
        body["resolved"] = sorted(kept["server"] + kept["device"])
    return JsonResponse(body)


@requires("finalise_interview")
def interview_finalise(request, uid):
    interview = find(request.user, "finalise_interview", uid)
    if request.method != "POST":
        # A reload after a failed finalise: the review page, never a browser error page.
        return redirect("capture-review" if interview.status == "draft" else "capture-detail", uid=interview.uid)
    if interview.status != "draft":
        return _locked_page(request, interview)
    if not has_consent(interview):
        return redirect("capture-consent", uid=interview.uid)
    if request.POST.get("from_review"):
        return finalise_from_review(request, interview)
    instrument = instrument_of(interview)
    hidden = hidden_questions(request.user, interview, instrument)
    keyfile = current_keyfile()
    posted, base = posted_changes(interview, instrument, request.POST, hidden) if request.POST.get("with_answers") \
        else ({}, None)
    if posted:
        saved = save_answers(interview, posted, user=request.user, keyfile=keyfile, hidden=hidden, base=base)
        refused = {**saved.rejected, **conflict_messages(interview, saved)}
        if refused:
            answers = {**saved.answers, **posted}
            first = min(section_of(instrument, q) for q in refused)
            return render_form(request, interview, instrument, hidden, answers, refused, step=first,
                               status=422, finalise_errors=_error_list(instrument, interview, refused),
                               server_answers=saved.answers)
    result = finalise(interview, user=request.user, keyfile=keyfile)
    if result.finalised:
        return finalised_redirect(request, interview)
    answers = read_for(interview, instrument, keyfile, hide=hidden)
    first = min(section_of(instrument, q) for q in result.errors)
    return render_form(request, interview, instrument, hidden, answers, result.errors, step=first, status=422,
                       finalise_errors=_error_list(instrument, interview, result.errors))


def posted_changes(interview, instrument, post, hidden):
    """(answers, base) of a whole posted form: only what was changed on the page when it carries its base."""
    posted = answers_from_post(instrument, post, hidden)
    base = parse_base(post.get("answer_base"))
    return (posted, None) if base is None else (changed_by_client(interview.uid, posted, base), base)


def _error_list(instrument, interview, errors):
    """The errors as a list for the summary at the top: question number/text, message, step."""
    out = []
    for question in instrument.questions():
        for message in errors.get(question.id, []):
            label = question.number or pick(question.text, interview.language)[:60]
            out.append({"id": question.id, "label": label, "message": message,
                        "step": section_of(instrument, question.id)})
    return out
