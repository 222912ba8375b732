"""An independent evaluator of durable-rules' JSON condition language, for the differential tests.

It knows nothing of durable: it reads a rule's ``when`` and a fact's properties
and says whether the rule matches, following durable-rules' documented
semantics (shared/engineering/durable-rules.md):

* ``{"p": v}`` equality; ``$lt $lte $gt $gte $neq`` comparisons;
* ``$and`` / ``$or`` over lists of conditions;
* ``$mt`` / ``$imt``: a Lua-like pattern that must match the whole string
  (``$imt`` ignores case);
* ``$ex`` / ``$nex``: the property is present / absent.

A property that is absent makes every test on it false except ``$nex`` (as in
durable, where ``$neq`` on a missing property is false too).  Mixed-type
comparisons are refused: megaroth's facts never compare across types, and the
engine's lexicographic answer there is not something to copy.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "$lt": lambda a, b: a < b,
    "$lte": lambda a, b: a <= b,
    "$gt": lambda a, b: a > b,
    "$gte": lambda a, b: a >= b,
    "$neq": lambda a, b: a != b,
}

_MISSING = object()


def _same_kind(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str)
    return isinstance(a, (int, float)) and isinstance(b, (int, float))  # bool is an int, as in durable


def _compare(op: str, actual: Any, expected: Any) -> bool:
    if actual is _MISSING:
        return False
    if not _same_kind(actual, expected):
        raise TypeError(f"cannot compare {actual!r} with {expected!r}: facts must not mix types")
    return _COMPARE[op](actual, expected)


def matches(condition: dict[str, Any], fact: dict[str, Any]) -> bool:
    """Whether one condition holds for one fact's properties."""
    ((key, value),) = condition.items()
    if key == "$and":
        return all(matches(inner, fact) for inner in value)
    if key == "$or":
        return any(matches(inner, fact) for inner in value)
    if key in _COMPARE:
        ((name, expected),) = value.items()
        return _compare(key, fact.get(name, _MISSING), expected)
    if key in ("$mt", "$imt"):
        ((name, pattern),) = value.items()
        actual = fact.get(name, _MISSING)
        if not isinstance(actual, str):
            return False
        if key == "$imt":
            return lua_match(pattern.lower(), actual.lower())
        return lua_match(pattern, actual)
    if key == "$ex":
        ((name, _),) = value.items()
        return name in fact
    if key == "$nex":
        ((name, _),) = value.items()
        return name not in fact
    if key.startswith("$"):
        raise ValueError(f"operator {key} is not supported by the reference evaluator")
    actual = fact.get(key, _MISSING)
    if actual is _MISSING:
        return False
    if not _same_kind(actual, value):
        raise TypeError(f"cannot compare {actual!r} with {value!r}: facts must not mix types")
    return actual == value


def fired(rules: Iterable[Any], facts: Iterable[Any]) -> list[tuple[str, str]]:
    """The (rule id, fact id) pairs a catalog's engine rules match, sorted: what the engine must return."""
    facts = list(facts)
    pairs = set()
    for rule in rules:
        if rule.source != "engine":
            continue
        for fact in facts:
            if fact.kind == rule.fact and matches(rule.when, fact.properties):
                pairs.add((rule.id, fact.fact_id))
    return sorted(pairs)


# --- Lua-like patterns ----------------------------------------------------------------------
#
# A pattern is a sequence of items; each item is a single-character class
# optionally followed by a quantifier (* + - ?).  Classes: '.', a literal
# character, '%x' for a class letter (a d l s u w x p c, upper case for the
# complement) or an escaped character, and '[set]' / '[^set]' with ranges.
# The match is anchored at both ends.

_CLASSES: dict[str, Callable[[str], bool]] = {
    "a": str.isalpha,
    "d": lambda c: c in "0123456789",
    "l": lambda c: "a" <= c <= "z",
    "u": lambda c: "A" <= c <= "Z",
    "s": lambda c: c in " \t\n\r\f\v",
    "w": lambda c: c.isalnum(),
    "x": lambda c: c in "0123456789abcdefABCDEF",
    "p": lambda c: c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "c": lambda c: ord(c) < 32 or ord(c) == 127,
}


def _class_escape(letter: str) -> Callable[[str], bool]:
    test = _CLASSES.get(letter.lower())
    if test is None:
        return lambda c: c == letter
    if letter.isupper():
        return lambda c: not test(c)
    return test


def _parse_set(pattern: str, index: int) -> tuple[Callable[[str], bool], int]:
    """A '[...]' set starting at pattern[index] == '['; returns its test and the index after it."""
    index += 1
    negate = index < len(pattern) and pattern[index] == "^"
    if negate:
        index += 1
    tests: list[Callable[[str], bool]] = []
    first = True
    while index < len(pattern) and (pattern[index] != "]" or first):
        first = False
        char = pattern[index]
        if char == "%" and index + 1 < len(pattern):
            tests.append(_class_escape(pattern[index + 1]))
            index += 2
        elif index + 2 < len(pattern) and pattern[index + 1] == "-" and pattern[index + 2] != "]":
            low, high = char, pattern[index + 2]
            tests.append(lambda c, low=low, high=high: low <= c <= high)
            index += 3
        else:
            tests.append(lambda c, char=char: c == char)
            index += 1
    if index >= len(pattern):
        raise ValueError(f"unclosed set in pattern {pattern!r}")

    def test(c: str) -> bool:
        return any(t(c) for t in tests) != negate

    return test, index + 1


def _items(pattern: str) -> list[tuple[Callable[[str], bool], str]]:
    items: list[tuple[Callable[[str], bool], str]] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == ".":
            test: Callable[[str], bool] = lambda c: True
            index += 1
        elif char == "%":
            if index + 1 >= len(pattern):
                raise ValueError(f"pattern {pattern!r} ends with '%'")
            test = _class_escape(pattern[index + 1])
            index += 2
        elif char == "[":
            test, index = _parse_set(pattern, index)
        else:
            test = lambda c, char=char: c == char
            index += 1
        quantifier = ""
        if index < len(pattern) and pattern[index] in "*+-?":
            quantifier = pattern[index]
            index += 1
        items.append((test, quantifier))
    return items


def lua_match(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches the whole of ``text``."""
    items = _items(pattern)
    # Dynamic programming over (item, position): reachable[i] holds the text positions
    # reachable after matching the first i items.
    reachable = {0}
    for test, quantifier in items:
        following: set[int] = set()
        for start in reachable:
            if quantifier in ("*", "-", "?"):
                following.add(start)
            position = start
            while position < len(text) and test(text[position]):
                position += 1
                following.add(position)
                if quantifier in ("", "?"):
                    break
        reachable = following
        if not reachable:
            return False
    return len(text) in reachable
