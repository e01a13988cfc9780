"""A user's own account: changing one's password.

Django's password change, with fiit's password rules (settings ``AUTH_PASSWORD_VALIDATORS``): the current
password first, the new one twice. The session in use stays signed in; every other session of the user ends,
because Django ties sessions to the password. The change is recorded in the audit trail (never the password).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from fiit.db.audit import record


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "fiit/account/password.html"
    success_url = reverse_lazy("home")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["new_password1"].widget.attrs["aria-describedby"] = f"{form['new_password1'].id_for_label}-help"
        return form

    def form_invalid(self, form):
        """Tie each error to its field for screen readers (as on the login page)."""
        for name, field in form.fields.items():
            if name in form.errors:
                described = " ".join(filter(None, [field.widget.attrs.get("aria-describedby"),
                                                   f"{form[name].id_for_label}-error"]))
                field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": described})
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        record("password_changed", actor=user.get_username(), record_type="user", record_id=user.pk)
        messages.success(self.request, _("Your password is changed. Your other sessions are signed out."))
        return response
