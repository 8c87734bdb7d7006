import pytest
from django.contrib.auth.models import Group
from django.http import Http404

from trama.core.shortcuts import get_or_404

pytestmark = pytest.mark.django_db


def test_a_record_of_the_queryset_is_returned_one_outside_it_is_a_404():
    inside = Group.objects.create(name="dentro")
    outside = Group.objects.create(name="fuori")
    scoped = Group.objects.filter(name__startswith="d")
    assert get_or_404(scoped, pk=inside.pk) == inside
    with pytest.raises(Http404):
        get_or_404(scoped, pk=outside.pk)


def test_a_selector_that_raises_does_not_exist_is_a_404():
    group = Group.objects.create(name="dentro")

    def group_get(*, pk: int) -> Group:
        return Group.objects.get(pk=pk)

    assert get_or_404(group_get, pk=group.pk) == group
    with pytest.raises(Http404):
        get_or_404(group_get, pk=group.pk + 1)


def test_other_errors_are_not_turned_into_a_404():
    def broken(**_arguments):
        raise ValueError("not a missing record")

    with pytest.raises(ValueError):
        get_or_404(broken)
