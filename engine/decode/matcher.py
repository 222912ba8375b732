"""What one sentence answers: the catalog's patterns, with masks and a NegEx-style negation scope.

A cue negates a term when it sits in the same scope (a scope ends at the
catalog's scope_ends — "but", ";" — and at the sentence's end) and no more than
the catalog's window of words away: "permits in-plan Roth conversions but does
not permit in-service withdrawals" negates only the withdrawals. Wording that
looks like a cue and is none ("no more than", "are not matched") is blanked
before cues are sought.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from megaroth.engine.decode.phrases import Mask, Negation, Pattern, Question


@dataclass(frozen=True)
class Hit:
    """One pattern matched in one sentence, and the answer it gives there."""

    pattern: Pattern
    answer: bool | int | str
    negated: bool


def _blank(text: str, patterns: tuple[re.Pattern[str], ...]) -> str:
    """``text`` with every match of ``patterns`` overwritten by underscores: the offsets stay."""
    for pattern in patterns:
        text = pattern.sub(lambda match: "_" * len(match.group(0)), text)
    return text


def _words(text: str) -> int:
    return len(re.findall(r"[\w'%$().-]+", text))


def negated(text: str, start: int, end: int, negation: Negation) -> bool:
    """Whether the term at text[start:end] is negated by a cue in its scope."""
    cues = _blank(text, negation.pseudo)
    scope_start = max((match.end() for match in negation.scope_ends.finditer(cues, 0, start)), default=0)
    following = negation.scope_ends.search(cues, end)
    scope_end = following.start() if following else len(cues)
    before = cues[scope_start:start]
    for cue in negation.before:
        if any(_words(before[match.end() :]) <= negation.window for match in cue.finditer(before)):
            return True
    after = cues[end:scope_end]
    for cue in negation.after:
        if any(_words(after[: match.start()]) <= negation.window for match in cue.finditer(after)):
            return True
    return False


def masked(question: Question, plain: str) -> list[Mask]:
    """The masks with a finding that blank wording in one normalised sentence (questions excepted)."""
    if plain.rstrip().endswith("?"):
        return []
    return [mask for mask in question.masks if mask.finding and mask.regex.search(plain)]


def hits(question: Question, plain: str, negation: Negation) -> list[Hit]:
    """Every answer ``question``'s patterns find in one normalised sentence."""
    text = _blank(plain, tuple(mask.regex for mask in question.masks))
    if question.context is not None and not question.context.search(text):
        return []
    if plain.rstrip().endswith("?"):
        return []  # a question ("Can I make after-tax savings?") asks; it states nothing
    # A term is sought inside one scope, so a pattern's gap never spans a "but" into the next clause.
    ends = [match.start() for match in negation.scope_ends.finditer(_blank(text, negation.pseudo))]
    clauses = list(zip([0, *ends], [*ends, len(text)]))
    found: list[Hit] = []
    for pattern in question.patterns:
        for match in (m for start, end in clauses for m in pattern.regex.finditer(text, start, end)):
            if len(re.findall(r"[^\W\d_]{2,}", text[: match.start()] + text[match.end() :])) < 2:
                continue  # a heading ("Section 5. After-tax contributions.") names a subject; it answers nothing
            flipped = pattern.negatable and negated(text, match.start(), match.end(), negation)
            answer = (not pattern.answer) if flipped else pattern.answer
            found.append(Hit(pattern=pattern, answer=answer, negated=flipped))
    return found


def closed_list(question: Question, plain: str) -> Pattern | None:
    """The exhaustive-list pattern a sentence matches (masks applied), or None: a sentence that lists the plan's
    sources as its only ones. The caller answers false only where no pattern of the question answers there."""
    if plain.rstrip().endswith("?"):
        return None
    text = _blank(plain, tuple(mask.regex for mask in question.masks))
    return next((pattern for pattern in question.exhaustive if pattern.regex.search(text)), None)
