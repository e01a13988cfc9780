"""A coding: one coder applied one code to a passage of one answer.

An answer is identified by its interview (the uid) and its question; a passage by character offsets
into the answer's text (``start`` inclusive, ``end`` exclusive; Python string indices, so a passage in
a Hungarian or French answer counts characters, not bytes). A coding holds no answer text: the passage
is cut from the sealed answer when it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from fiit.problems import Problem


@dataclass(frozen=True)
class AnswerRef:
    interview: str      # the interview's uid
    question_id: str

    def __str__(self) -> str:
        return f"{self.interview}/{self.question_id}"


@dataclass(frozen=True)
class Coding:
    answer: AnswerRef
    coder: str
    code: str
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Coding") -> bool:
        return self.answer == other.answer and self.start < other.end and other.start < self.end


def check_span(start: int, end: int, text_length: int, *, where: str = "") -> Problem | None:
    """A problem if ``start:end`` is not a non-empty passage inside a text of ``text_length`` characters."""
    if not (0 <= start < end <= text_length):
        return Problem("bad_passage", f"The passage {start}–{end} does not lie inside the answer "
                                      f"({text_length} characters).", file=where or None)
    return None
