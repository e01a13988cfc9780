"""The workbench's door: the permission table's action, and a verified second factor.

Every workbench page shows or changes open answers, so a user must have verified a second factor in this
session (when two-factor sign-in is on: everywhere except a demo that switched it off), whatever their
role — analysts included.
"""

from __future__ import annotations

from functools import wraps

from django.shortcuts import redirect

from fiit.web.access import requires
from fiit.web.second_factor import STEP_UP_SESSION_KEY, is_verified, required, second_factor_url


def workbench(action: str = "code_answers"):
    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if required() and not is_verified(request.user):
                request.session[STEP_UP_SESSION_KEY] = True
                return redirect(second_factor_url(request.user, request.get_full_path()))
            return view(request, *args, **kwargs)

        return requires(action)(guarded)

    return decorate
