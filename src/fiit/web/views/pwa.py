"""The installable web app: the service worker and the web app manifest, served from the site root.

The worker is served at ``/sw.js`` (not under /static/) so that its scope is the
whole site; ``Service-Worker-Allowed: /`` says so explicitly. Both are open to
anonymous users (a browser fetches them before anyone signs in) and hold
nothing but code and names.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

WORKER = "fiit/capture/sw.js"


@login_not_required
@require_GET
def service_worker(request):
    path = finders.find(WORKER)
    with open(path, encoding="utf-8") as handle:
        response = HttpResponse(handle.read(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def manifest(request):
    response = JsonResponse({
        "name": "fiit — field interviews",
        "short_name": "fiit",
        "start_url": reverse("capture-field"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d4e89",
        "icons": [
            {"src": static("fiit/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("fiit/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        ],
    })
    response["Content-Type"] = "application/manifest+json"
    return response
