from allauth.account.forms import SignupForm
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .enums import ConsentPurpose
from .services import record_consent


class AccountSignupForm(SignupForm):
    """allauth's sign-up form with a name and the separate, explicit PDPA consent (never pre-ticked)."""

    full_name = forms.CharField(
        label=gettext_lazy("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={"required": gettext_lazy("To create an account, tick the box to give your consent.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            _(
                "I have read the privacy notice and consent to the processing of my personal data "
                "to run my account and my organisation's applications."
            ),
            reverse("accounts:privacy"),
            _("Read the privacy notice"),
        )
        self.order_fields(["full_name", "email", "password1", "password2", "consent"])

    def save(self, request):
        user = super().save(request)
        user.full_name = self.cleaned_data["full_name"]
        user.language = (get_language() or settings.LANGUAGE_CODE)[:2]
        user.save(update_fields=["full_name", "language"])
        record_consent(user=user, purpose=ConsentPurpose.ACCOUNT, notice_version=settings.PRIVACY_NOTICE_VERSION)
        return user


class EraseAccountForm(forms.Form):
    """Deleting one's personal data cannot be undone: the password and a tick confirm it."""

    password = forms.CharField(
        label=gettext_lazy("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my account will be closed and my personal data deleted for good."),
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext_lazy("The password is not right. Type the one you log in with."))
        return password
