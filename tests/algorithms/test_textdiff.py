"""The readable difference between two versions of the co-design document (trama.textdiff)."""

from hypothesis import given
from hypothesis import strategies as st

from trama.textdiff import (
    DELETE,
    EQUAL,
    INSERT,
    Segment,
    diff_lines,
    diff_stats,
    diff_words,
    new_text,
    old_text,
    split_words,
)

# Texts made of a few words, spaces, punctuation and line ends, so versions share pieces.
words = st.sampled_from(["casa", "servizi", "ETS", "regia", "è", "città", "2026", "", "a"])
separators = st.sampled_from([" ", "  ", "\n", "\r\n", ", ", ".", "\t", "\n\n"])
documents = st.lists(st.tuples(words, separators), max_size=40).map(
    lambda parts: "".join(w + s for w, s in parts)
)
any_text = st.one_of(documents, st.text(max_size=200))
diffs = st.sampled_from([diff_words, diff_lines])


@given(any_text, any_text, diffs)
def test_kept_and_inserted_parts_give_the_new_text(old, new, diff):
    assert new_text(diff(old, new)) == new


@given(any_text, any_text, diffs)
def test_kept_and_deleted_parts_give_the_old_text(old, new, diff):
    assert old_text(diff(old, new)) == old


@given(any_text, any_text, diffs)
def test_segments_are_never_empty_nor_repeated_kinds(old, new, diff):
    segments = diff(old, new)
    assert all(segment.text for segment in segments)
    assert all(a.kind != b.kind for a, b in zip(segments, segments[1:], strict=False))


@given(any_text, diffs)
def test_a_text_compared_with_itself_has_no_change(text, diff):
    segments = diff(text, text)
    assert segments == ([Segment(EQUAL, text)] if text else [])


@given(any_text)
def test_words_split_and_join_back(text):
    assert "".join(split_words(text)) == text


def test_one_changed_word_shows_as_that_word():
    old = "La cabina di regia si riunisce ogni mese.\nSecondo paragrafo.\n"
    new = "La cabina di regia si riunisce ogni settimana.\nSecondo paragrafo.\n"
    assert diff_words(old, new) == [
        Segment(EQUAL, "La cabina di regia si riunisce ogni "),
        Segment(DELETE, "mese"),
        Segment(INSERT, "settimana"),
        Segment(EQUAL, ".\nSecondo paragrafo.\n"),
    ]
    assert diff_stats(diff_words(old, new)).words_added == 1


def test_line_diff_shows_whole_lines():
    old = "uno\ndue\ntre\n"
    new = "uno\nDUE\ntre\nquattro\n"
    assert diff_lines(old, new) == [
        Segment(EQUAL, "uno\n"),
        Segment(DELETE, "due\n"),
        Segment(INSERT, "DUE\n"),
        Segment(EQUAL, "tre\n"),
        Segment(INSERT, "quattro\n"),
    ]
    stats = diff_stats(diff_lines(old, new))
    assert (stats.words_added, stats.words_removed) == (2, 1)


def test_emptying_a_text_deletes_it_all():
    assert diff_words("testo intero", "") == [Segment(DELETE, "testo intero")]
    assert diff_words("", "nuovo") == [Segment(INSERT, "nuovo")]


def test_changes_separated_by_a_space_read_as_one_change():
    old = "Budget\nDa definire al tavolo.\n"
    new = "Budget\n100.000 € in due anni al Gruppo Arco.\n"
    assert diff_words(old, new) == [
        Segment(EQUAL, "Budget\n"),
        Segment(DELETE, "Da definire"),
        Segment(INSERT, "100.000 € in due anni"),
        Segment(EQUAL, " al "),
        Segment(DELETE, "tavolo"),
        Segment(INSERT, "Gruppo Arco"),
        Segment(EQUAL, ".\n"),
    ]
