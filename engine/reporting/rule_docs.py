"""A rule's documentation, rendered for the terminal (`megaroth rules ID`) and for the README."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from megaroth.engine.deciding.catalog import Rule, catalog
from megaroth.engine.deciding.findings import VERDICTS
from megaroth.engine.reporting.condition_words import fires_when


def _indent(text: str, prefix: str = "    ") -> str:
    return textwrap.indent(text.rstrip("\n"), prefix)


def _wrap(text: str) -> str:
    return textwrap.fill(" ".join(text.split()), width=88, initial_indent="    ", subsequent_indent="    ", break_on_hyphens=False)


def condition_text(rule: Rule) -> str:
    """When the rule fires, in words (from its durable-rules condition); "" for a validation rule."""
    if rule.source != "engine":
        return ""
    return fires_when(rule.fact or "", rule.when)


def implied_verdict(rule: Rule) -> str | None:
    """The plan verdict an unwaived finding of the rule leads to; None: it never changes the verdict."""
    if rule.id == "MBR000":
        return "invalid"
    if rule.scope == "participant" or rule.source in ("decode", "acp"):  # a document or census finding has no plan verdict
        return None
    return rule.verdict or {"error": "not_eligible", "warning": "eligible_with_caveats"}.get(rule.severity)


def verdict_text(rule: Rule) -> str:
    """What a finding of the rule does to the plan's verdict, in a sentence."""
    verdict = implied_verdict(rule)
    if rule.source == "decode":
        return (
            "Reported by `megaroth decode` about the plan's documents: it never changes a check verdict; an error "
            "makes decode exit 1."
        )
    if verdict is None and rule.scope == "participant":
        return (
            "A finding is about one participant scenario: it keeps its severity (and fails the run at its "
            "level) but never changes the plan's verdict."
        )
    if verdict is None:
        return "A finding never changes the plan's verdict."
    ahead = [word.replace("_", " ") for word in VERDICTS[: VERDICTS.index(verdict)]]
    listed = ahead[0] if len(ahead) == 1 else ", ".join(ahead[:-1]) + " or " + ahead[-1] if ahead else ""
    stronger = f", unless another finding makes it {listed}" if ahead else ""
    return f"An unwaived finding makes the plan's verdict {verdict.replace('_', ' ')}{stronger}."


def explain(rule: Rule) -> str:
    """Everything about one rule, in the sections ruff uses."""
    parts = [f"{rule.id}: {rule.title} [{rule.severity}]", ""]
    if rule.source == "engine":
        parts += ["What it does", _wrap(condition_text(rule)), ""]
    elif rule.source == "decode":
        parts += ["What it does", "    Fires when `megaroth decode` reads the wording in a plan's documents.", ""]
    elif rule.source == "acp":
        parts += ["What it does", "    Fires when `megaroth acp` tests an employer's census (the ACP test and the room table).", ""]
    else:
        parts += ["What it does", "    Fires while the file is read and validated, before any rule runs.", ""]
    if rule.source == "acp":
        parts += ["Verdict", "    A census finding: an error makes `megaroth acp` exit 1; no plan verdict is involved.", ""]
        parts += ["Why it matters", _wrap(rule.why), ""]
        parts += ["Example that fires (a census; its first line is the command that tests it)", _indent(rule.example_fail), ""]
        parts += ["Example that passes", _indent(rule.example_pass), ""]
        parts += ["Fix", _wrap(rule.fix), ""]
        parts += ["References"] + [f"    - {citation}" for citation in rule.citations]
        return "\n".join(parts) + "\n"
    parts += ["Verdict", _wrap(verdict_text(rule)), ""]
    parts += ["Why it matters", _wrap(rule.why), ""]
    if rule.source == "decode":
        parts += ["Example that fires (a document's text, `megaroth decode`)", _indent(rule.example_fail), ""]
    else:
        parts += ["Example that fires (laid over the reference plan, `megaroth rules --base`)", _indent(rule.example_fail), ""]
    parts += ["Example that passes", _indent(rule.example_pass), ""]
    parts += ["Fix", _wrap(rule.fix), ""]
    parts += ["References"] + [f"    - {citation}" for citation in rule.citations]
    return "\n".join(parts) + "\n"


def listing() -> str:
    """One line per rule: id, severity, title."""
    return "".join(f"{rule.id}  {rule.severity:<7}  {rule.title}\n" for rule in catalog().values())


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title,
        "severity": rule.severity,
        "source": rule.source,
        "fact": rule.fact,
        "when": rule.when,
        "condition": condition_text(rule),
        "scope": rule.scope,
        "verdict": implied_verdict(rule),
        "citations": list(rule.citations),
        "message": rule.message,
        "fix": rule.fix,
        "why": rule.why,
        "examples": {"fail": rule.example_fail, "pass": rule.example_pass},
    }


def rules_json(rules: Rule | list[Rule]) -> str:
    """`megaroth rules --format json`: one rule's document, or a list of them, as printed."""
    data = rule_json(rules) if isinstance(rules, Rule) else [rule_json(rule) for rule in rules]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
