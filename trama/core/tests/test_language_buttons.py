"""The language buttons: their accessible name starts with the text they show (WCAG 2.5.3,
label in name), so a voice user saying "IT" or "EN" reaches them."""

import re

import pytest

BUTTON = re.compile(r'<button type="submit" name="language"[^>]*aria-label="([^"]+)"[^>]*>([^<]+)<')


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/en/"])
def test_each_language_button_is_named_after_what_it_shows(client, path):
    buttons = BUTTON.findall(client.get(path).content.decode())
    assert [shown for _name, shown in buttons] == ["IT", "EN"]
    for name, shown in buttons:
        assert name.startswith(shown), (name, shown)
