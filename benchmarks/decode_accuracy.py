"""Precision and recall of `megaroth decode` per field, scored against the test corpus's expected answers.

tests/decode/corpus/expected.yaml says what each document states (unknown where it does not); a value
decode gives is right when it equals the expected one, wrong otherwise (a wrong yes/no or figure is worse
than unknown, issue 12). Precision: right / given; recall: right / stated. The bar: 0 wrong, and at least
90% of the stated answers found. tests/decode/test_decode_corpus.py holds decode to it.

    python -m benchmarks.decode_accuracy
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from megaroth.engine.decode.decoder import UNKNOWN, decode, read_document
from megaroth.engine.decode.draft import json_value

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "decode" / "corpus"


@dataclass
class Score:
    """Counts per field, and every wrong answer in words."""

    stated: dict[str, int] = field(default_factory=dict)
    given: dict[str, int] = field(default_factory=dict)
    right: dict[str, int] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        fields = sorted(set(self.stated) | set(self.given))
        width = max(len(name) for name in fields)
        out = []
        for name in fields:
            right, given, stated = self.right.get(name, 0), self.given.get(name, 0), self.stated.get(name, 0)
            out.append(f"{name:<{width}}  precision {right}/{given}  recall {right}/{stated}")
        found, stated = sum(self.right.values()), sum(self.stated.values())
        out.append(f"all fields: {found}/{stated} stated answers found, {len(self.wrong)} wrong")
        return out + [f"WRONG: {line}" for line in self.wrong]


def expected(corpus: Path = CORPUS) -> dict[str, dict]:
    return yaml.safe_load((corpus / "expected.yaml").read_text(encoding="utf-8"))


def answers(path: Path) -> dict:
    """Each field's value as the plan format writes it (match tiers as a list of {rate, up_to})."""
    return {name: json_value(answer.value) for name, answer in decode([read_document(str(path))]).answers.items()}


def score(corpus: Path = CORPUS) -> Score:
    result = Score()
    for name, wants in expected(corpus).items():
        got = answers(corpus / name)
        for key, want in wants.items():
            value = got[key]
            if want != UNKNOWN:
                result.stated[key] = result.stated.get(key, 0) + 1
            if value == UNKNOWN:
                continue
            result.given[key] = result.given.get(key, 0) + 1
            if value == want:
                result.right[key] = result.right.get(key, 0) + 1
            else:
                result.wrong.append(f"{name}: {key} is {value!r}, the document says {want!r}")
    return result


def main() -> int:
    result = score()
    print("\n".join(result.lines()))
    return 1 if result.wrong else 0


if __name__ == "__main__":
    sys.exit(main())
