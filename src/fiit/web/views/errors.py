"""Error pages (400, 403, 404, 500) in the interface language, as HTML or as JSON.

A request that asks for JSON (``Accept: application/json`` without HTML, or a
path under ``/api/``) gets one fixed shape::

    {"error": {"status": 404, "code": "not_found", "message": "..."}}

Everything else gets a page. A :class:`fiit.problems.FiitError` that reaches the
web (a failure the user can act on) is rendered here too, once, by
:class:`fiit.web.middleware.FiitErrorMiddleware`: status 400, its problem's code,
and its sentence from the problem catalogue in the interface language. The 500 page is rendered with as little as
possible (no database queries in the view) because the failure may be the
database itself.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fiit.problems import FiitError

ERRORS = {
    400: ("bad_request", "400.html"),
    403: ("forbidden", "403.html"),
    404: ("not_found", "404.html"),
    500: ("server_error", "500.html"),
}


def messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        403: _("You do not have permission to see this page."),
        404: _("There is no page at this address."),
        500: _("Something went wrong on the server. The error has been logged; no data was sent anywhere."),
    }


def wants_json(request) -> bool:
    if request.path.startswith("/api/"):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_body(status: int) -> dict:
    code, _template = ERRORS[status]
    return {"error": {"status": status, "code": code, "message": messages()[status]}}


def error_response(request, status: int, use_request_context: bool = True, *, code: str | None = None,
                   message: str | None = None) -> HttpResponse:
    body = error_body(status)
    if code is not None:
        body["error"].update(code=code, message=message)
    if wants_json(request):
        return JsonResponse(body, status=status)
    _code, template_name = ERRORS[status]
    context = {"status": status, "message": body["error"]["message"]}
    template = loader.get_template(template_name)
    body = template.render(context, request if use_request_context else None)
    return HttpResponse(body, status=status)


def fiit_error(request, exc: FiitError) -> HttpResponse:
    """A failure the user can act on: its own code and sentence, in the interface language."""
    return error_response(request, 400, code=exc.problem.code, message=exc.message_in(get_language() or "en"))


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    # No request context: the context processors would query the database, which may be what failed.
    return error_response(request, 500, use_request_context=False)
