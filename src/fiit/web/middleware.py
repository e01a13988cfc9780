"""A strict Content-Security-Policy (every asset from this server, no inline script); FiitError rendered once."""

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        return response


def add_static_headers(headers, path, url):
    """WhiteNoise answers static files before other middleware runs: give them the same policy."""
    headers["Content-Security-Policy"] = CSP
    headers["X-Content-Type-Options"] = "nosniff"


class FiitErrorMiddleware:
    """The one place the web renders a :class:`fiit.problems.FiitError` a view let through:
    a page (or the JSON error shape) in the interface language, status 400. A failure of the
    installation (``server_side``) goes on to the 500 page, which shows no internals."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from fiit.problems import FiitError

        if isinstance(exception, FiitError) and not exception.server_side:
            from fiit.web.views.errors import fiit_error

            return fiit_error(request, exception)
        return None


class ProfileOnceMiddleware:
    """The signed-in user's profile read once per request, not by every permission check (issue 16).

    Also hands the rest of the request the user object itself: Django's authentication and django-otp
    each wrap it in a lazy proxy, and every ``user.…`` the views and templates read went through both
    (about a hundred proxy calls a page). The proxies are resolved here, as ``is_authenticated`` needs
    anyway; django-otp has already set ``is_verified`` and ``otp_device`` on the user inside. The user read
    with the session (fiit.web.sessions) has served its purpose then, and is dropped."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from fiit.db.access import remember_profile
        from fiit.web.sessions import forget_joined_user

        user = getattr(request, "user", None)
        if user is not None:
            user = request.user = resolved(user)
            if user.is_authenticated:
                remember_profile(user)
        forget_joined_user()  # the user read with the session serves the sign-in above only
        return self.get_response(request)


def resolved(user):
    """The object behind Django's lazy ``request.user`` (however many lazy layers wrap it)."""
    from django.utils.functional import LazyObject, empty

    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user
