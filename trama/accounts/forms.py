from django import forms
from django.utils.translation import gettext_lazy as _

from trama.accounts.roles import Role


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    scope = forms.ChoiceField(
        label=_("Scope"),
        help_text=_(
            "The whole consortium, or the organisation, hub or municipality the role covers."
        ),
    )

    def __init__(self, *args, scope_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices

    def scope_parts(self) -> tuple[str, int | None]:
        kind, _sep, ident = self.cleaned_data["scope"].partition(":")
        return kind, int(ident) if ident else None


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, e.g. “monthly report script”."),
    )


class OtpTokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
