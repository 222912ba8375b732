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
from decimal import Decimal

from megaroth.engine.decode.phrases import Mask, Negation, Pattern, Question


@dataclass(frozen=True)
class Hit:
    """One pattern matched in one sentence, and the answer it gives there."""

    pattern: Pattern
    answer: bool | int | float | str | tuple[tuple[int | float, int | float], ...]
    negated: bool


def _blank(text: str, patterns: tuple[re.Pattern[str], ...]) -> str:
    """``text`` with every match of ``patterns`` overwritten by underscores: the offsets stay."""
    for pattern in patterns:
        text = pattern.sub(lambda match: "_" * len(match.group(0)), text)
    return text


def _words(text: str) -> int:
    return len(re.findall(r"[\w'%$().-]+", text))


def _number(text: str) -> int | float:
    """A figure as written ("15", "2.5", "$20,000", "50 cents", "dollar for dollar": 100), an int where whole."""
    if "dollar" in text and "for" in text:
        return 100
    figure = Decimal(re.search(r"\d[\d,]*(?:\.\d+)?", text).group(0).replace(",", ""))  # type: ignore[union-attr]
    return int(figure) if figure == figure.to_integral_value() else float(figure)


def read_value(kind: str, match: re.Match[str]) -> int | float | tuple[tuple[int | float, int | float], ...]:
    """What a number or tiers pattern's groups read: the figure, or the match tiers ((rate, up_to), ...)."""
    if kind == "number":
        # A pattern's alternatives each name their figure: value, value2, ... (a group name is used once per regex).
        return _number(next(text for name, text in match.groupdict().items() if name.startswith("value") and text))
    tiers = [(_number(match.group("rate")), _number(match.group("up_to")))]
    if "rate2" in match.re.groupindex and match.group("rate2") is not None:
        tiers.append((_number(match.group("rate2")), _number(match.group("up_to2"))))
    return tuple(tiers)


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
    if plain.rstrip().endswith("?"):
        return []  # a question ("Can I make after-tax savings?") asks; it states nothing
    text = _blank(plain, tuple(mask.regex for mask in question.masks))
    if question.context is not None and not question.context.search(text):
        return []
    # Most sentences answer nothing: only a pattern that matches somewhere is sought clause by clause.
    candidates = [pattern for pattern in question.patterns if pattern.regex.search(text)]
    if not candidates:
        return []
    # A term is sought inside one scope, so a pattern's gap never spans a "but" into the next clause.
    ends = [match.start() for match in negation.scope_ends.finditer(_blank(text, negation.pseudo))]
    clauses = list(zip([0, *ends], [*ends, len(text)]))
    found: list[Hit] = []
    for pattern in candidates:
        for match in (m for start, end in clauses for m in pattern.regex.finditer(text, start, end)):
            if question.kind not in ("number", "tiers") and len(re.findall(r"[^\W\d_]{2,}", text[: match.start()] + text[match.end() :])) < 2:
                continue  # a heading ("Section 5. After-tax contributions.") names a subject; it answers nothing (a figure does)
            flipped = pattern.negatable and negated(text, match.start(), match.end(), negation)
            if question.kind == "words":
                if not negated(text, match.start(), match.end(), negation):  # "does not permit voluntary after-tax contributions" names no source of the plan
                    found.append(Hit(pattern=pattern, answer=match.group("value"), negated=False))
                continue
            answer = read_value(question.kind, match) if question.kind in ("number", "tiers") else pattern.answer
            answer = (not answer) if flipped else answer
            found.append(Hit(pattern=pattern, answer=answer, negated=flipped))
    return found


def closed_list(question: Question, plain: str) -> Pattern | None:
    """The exhaustive-list pattern a sentence matches (masks applied), or None: a sentence that lists the plan's
    sources as its only ones. The caller answers false only where no pattern of the question answers there."""
    if not question.exhaustive or plain.rstrip().endswith("?"):
        return None
    text = _blank(plain, tuple(mask.regex for mask in question.masks))
    return next((pattern for pattern in question.exhaustive if pattern.regex.search(text)), None)
