"""Forms of the evaluation pages: naming the committee, the conflict declaration, the
scores of one proposal (points and justification for every criterion)."""

from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from trama.accounts.models import User
from trama.calls.models import CommitteeRole, Criterion, Score
from trama.calls.services.evaluation import ScoreEntry


class CommitteeMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose who sits on the committee.")},
    )
    role = forms.ChoiceField(label=_("Role in the committee"), choices=CommitteeRole.choices)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.username})" if u.get_full_name() else u.username
        )


class ConflictDeclarationForm(forms.Form):
    CHOICES = [
        ("no", _("I have no conflict of interest with the applicants of this proposal")),
        ("yes", _("I have a conflict of interest: I abstain from evaluating this proposal")),
    ]
    declaration = forms.ChoiceField(
        label=_("Declaration"),
        choices=CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the two declarations.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mandatory when you declare a conflict: say what it is."),
    )

    @property
    def has_conflict(self) -> bool:
        return self.cleaned_data["declaration"] == "yes"


class ScoresForm(forms.Form):
    """Points and justification for each criterion of the call; the service checks the
    ranges and that every justification is there (errors land on these fields)."""

    def __init__(self, *args, criteria: list[Criterion], scores: dict[int, Score], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            existing = scores.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=_("Points for “%(criterion)s” (0 to %(max)s)")
                % {"criterion": criterion.title, "max": number_format(criterion.max_points)},
                required=False,
                max_digits=8,
                decimal_places=2,
                localize=True,  # "18,5" as Italians write it
                initial=existing.points if existing else None,
                error_messages={"invalid": _("Enter the points as a number.")},
            )
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=_("Justification for “%(criterion)s”") % {"criterion": criterion.title},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=existing.justification if existing else "",
            )

    def entries(self) -> list[ScoreEntry]:
        """Every criterion, as typed: a blank points field reaches the service as blank, so
        its message is the service's."""
        rows = []
        for criterion in self.criteria:
            points = self.cleaned_data.get(f"points_{criterion.pk}")
            rows.append(
                ScoreEntry(
                    criterion_id=criterion.pk,
                    points=points if isinstance(points, Decimal) else "",
                    justification=self.cleaned_data.get(f"justification_{criterion.pk}", ""),
                )
            )
        return rows

    def pairs(self):
        """(criterion, points field, justification field) for the template."""
        return [(c, self[f"points_{c.pk}"], self[f"justification_{c.pk}"]) for c in self.criteria]


class ConfirmForm(forms.Form):
    """A button: the POST carries nothing else."""
