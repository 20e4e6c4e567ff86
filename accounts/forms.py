from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailLoginForm(AuthenticationForm):
    """Log in with an e-mail address; the error does not say which of the two was wrong."""

    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True}))
    error_messages = {
        "invalid_login": _("The e-mail address or password is not correct. Check both and try again."),
        "inactive": _("This account is switched off. Contact the organiser."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "email"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Log in")))
