"""A readable difference between two versions of a text, on Python's difflib.

Plain data in, plain data out (no Django, no app): `diff_lines` compares line by line,
`diff_words` compares line by line first and then, inside each changed block, word by word,
so a one-word edit in a long paragraph shows as that word, not as the whole paragraph.

The result is a list of `Segment`s, each `equal`, `insert` or `delete`, whose texts are the
exact pieces of the two versions (whitespace and line ends included): the equal and inserted
parts, joined, give the new text back; the equal and deleted parts give the old one. Adjacent
segments never have the same kind and no segment is empty.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["equal", "insert", "delete"]
EQUAL: Kind = "equal"
INSERT: Kind = "insert"
DELETE: Kind = "delete"

# A word, a run of whitespace, or one other character: joined again they rebuild the text.
_WORD_TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    kind: Kind
    text: str


@dataclass(frozen=True)
class DiffStats:
    """How much changed, counted in words (whitespace-separated) of the two versions."""

    words_added: int
    words_removed: int


def split_words(text: str) -> list[str]:
    """Words, whitespace runs and punctuation marks, in order; `"".join` gives `text` back."""
    return _WORD_TOKENS.findall(text)


def split_lines(text: str) -> list[str]:
    """Lines with their line ends; `"".join` gives `text` back."""
    return text.splitlines(keepends=True)


def _opcodes(old: Sequence[str], new: Sequence[str]):
    # autojunk off: in a short document a frequent word is not noise.
    return SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


def _pieces(old: Sequence[str], new: Sequence[str]) -> Iterable[Segment]:
    for tag, i1, i2, j1, j2 in _opcodes(old, new):
        if tag == "equal":
            yield Segment(EQUAL, "".join(old[i1:i2]))
            continue
        # A replacement shows what went away before what came in.
        if i2 > i1:
            yield Segment(DELETE, "".join(old[i1:i2]))
        if j2 > j1:
            yield Segment(INSERT, "".join(new[j1:j2]))


def _merged(segments: Iterable[Segment]) -> list[Segment]:
    """Drop empty pieces and join neighbours of the same kind."""
    result: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if result and result[-1].kind == segment.kind:
            result[-1] = Segment(segment.kind, result[-1].text + segment.text)
        else:
            result.append(segment)
    return result


def _readable(segments: list[Segment]) -> list[Segment]:
    """Join changes separated only by spaces into one deletion and one insertion: "Da
    definire" → "100.000 €" reads better than four interleaved pieces. The spaces go into both
    sides, so the two texts still rebuild; line ends are kept as boundaries."""
    result: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            result.append(Segment(DELETE, "".join(deleted)))
        if inserted:
            result.append(Segment(INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, segment in enumerate(segments):
        if segment.kind == DELETE:
            deleted.append(segment.text)
        elif segment.kind == INSERT:
            inserted.append(segment.text)
        elif (deleted or inserted) and index + 1 < len(segments) and not segment.text.strip(" \t"):
            deleted.append(segment.text)
            inserted.append(segment.text)
        else:
            flush()
            result.append(segment)
    flush()
    return result


def diff_lines(old: str, new: str) -> list[Segment]:
    """The difference line by line."""
    return _merged(_pieces(split_lines(old), split_lines(new)))


def diff_words(old: str, new: str) -> list[Segment]:
    """The difference word by word, inside the blocks of lines that changed."""
    old_lines, new_lines = split_lines(old), split_lines(new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in _opcodes(old_lines, new_lines):
        if tag == "equal":
            segments.append(Segment(EQUAL, "".join(old_lines[i1:i2])))
        elif tag == "replace":
            block_old = "".join(old_lines[i1:i2])
            block_new = "".join(new_lines[j1:j2])
            segments.extend(_pieces(split_words(block_old), split_words(block_new)))
        elif tag == "delete":
            segments.append(Segment(DELETE, "".join(old_lines[i1:i2])))
        else:
            segments.append(Segment(INSERT, "".join(new_lines[j1:j2])))
    return _readable(_merged(segments))


def old_text(segments: Iterable[Segment]) -> str:
    """The first version, rebuilt from a difference."""
    return "".join(s.text for s in segments if s.kind != INSERT)


def new_text(segments: Iterable[Segment]) -> str:
    """The second version, rebuilt from a difference."""
    return "".join(s.text for s in segments if s.kind != DELETE)


def diff_stats(segments: Iterable[Segment]) -> DiffStats:
    added = removed = 0
    for segment in segments:
        if segment.kind == INSERT:
            added += len(segment.text.split())
        elif segment.kind == DELETE:
            removed += len(segment.text.split())
    return DiffStats(words_added=added, words_removed=removed)
