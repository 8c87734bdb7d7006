"""A light choice field for long lists (the region's hubs and municipalities)."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECTED = mark_safe(" selected")


class PlainSelect(forms.Select):
    """A `<select>` written in one pass. Django's `Select` renders every option through its
    own template, about 0.1 ms each: with the region's 753 hubs that was most of the people
    list's time (DESIGN §6). Same markup, same attributes (id, aria-describedby, required)
    from the bound field, so the label and the errors stay tied to it."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, SELECTED if str(option) in chosen else "", label)
                for option, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class NameChoiceIterator(ModelChoiceIterator):
    """(pk, name) pairs straight from the database: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class NamedModelChoiceField(forms.ModelChoiceField):
    """A `ModelChoiceField` over a model shown by its `name` (hubs, municipalities), for
    lists of hundreds: options are plain pairs written by `PlainSelect`. The chosen value is
    still checked against the queryset, so the scope is enforced as before."""

    iterator = NameChoiceIterator
    widget = PlainSelect
