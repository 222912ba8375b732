"""`megaroth decode` as a command: the draft validates and checks, JSON holds to its schema, bad input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from megaroth.cli import main

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "decode" / "corpus"


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# Verdicts worked from what each document says and the rules that decide (rules/100-eligibility.yaml):
# harbor: after-tax allowed with an in-plan conversion and in-service withdrawals -> eligible (with caveats:
#   MBR104 etc. are warnings); cedar and maple: no after-tax source (MBR101, an error) -> not eligible;
# roth-only and birch: whether after-tax is allowed is unknown (MBR106) -> undetermined.
@pytest.mark.parametrize(
    ("document", "verdict", "rule"),
    [
        ("harbor-spd.txt", "eligible_with_caveats", "MBR104"),
        ("cedar-adoption.txt", "not_eligible", "MBR101"),
        ("maple-legacy-spd.txt", "not_eligible", "MBR101"),
        ("roth-only-summary.txt", "undetermined", "MBR106"),
        ("birch-contradicting.txt", "undetermined", "MBR106"),
        # The portal page: after-tax allowed, in-service withdrawals twice a year, in-plan conversion unknown:
        # a route is known, so eligible with caveats (MBR104, a warning, among them).
        ("aspen-portal.html", "eligible_with_caveats", "MBR104"),
    ],
)
def test_decode_then_check_gives_the_documents_verdict(tmp_path: Path, document: str, verdict: str, rule: str) -> None:
    draft = tmp_path / "plan.yaml"
    done = _run("decode", str(CORPUS / document), "--year", "2026", "-o", str(draft))
    assert done.exit_code == 0, done.output
    assert done.stderr == f"megaroth: wrote {draft} (draft plan); review it, then run `megaroth check {draft}`.\n"
    checked = _run("check", str(draft), "-f", "json")
    (result,) = json.loads(checked.stdout)["files"]
    assert result["verdict"] == verdict
    assert rule in {finding["rule"] for finding in result["findings"]}


def test_the_draft_quotes_its_evidence_and_writes_unknown_with_what_to_look_for() -> None:
    done = _run("decode", str(CORPUS / "roth-only-summary.txt"), "--year", "2026")
    assert done.exit_code == 0
    lines = done.stdout.splitlines()
    assert "    allowed: unknown  # not answered; look for voluntary, traditional or regular after-tax (non-Roth) " \
           "contributions, post-tax or nondeductible employee contributions" in lines  # fmt: skip
    assert "  # given with --year" in lines and "  year: 2026" in lines
    document = CORPUS / "roth-only-summary.txt"
    # Line 6 of the summary: "How you save. You may contribute on a before-tax basis, as Roth after-tax ..."
    assert lines[lines.index("  roth: true") - 2].startswith(f'  # {document} line 6: "You may contribute on a before-tax basis')


def test_the_year_comes_from_the_documents_or_from_year_and_is_never_guessed() -> None:
    done = _run("decode", str(CORPUS / "roth-only-summary.txt"))
    assert done.exit_code == 2
    assert done.stderr == (
        f"megaroth: {CORPUS / 'roth-only-summary.txt'}: the documents name no plan year (\"Plan Year 2026\", "
        "\"effective January 1, 2026\"); give it with --year\n"
    )
    assert "  year: 2026" in _run("decode", str(CORPUS / "cedar-adoption.txt")).stdout.splitlines()


def test_json_holds_to_its_schema_with_a_key_for_every_field_of_the_draft() -> None:
    done = _run("decode", str(CORPUS / "harbor-spd.txt"), "--format", "json")
    report = json.loads(done.stdout)
    schema = json.loads((REPO / "schemas" / "decode-report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)
    assert report["fields"]["conversion.in_service.per_year"]["value"] == 2
    assert report["fields"]["conversion.in_plan.available"]["evidence"] == [{
        "document": str(CORPUS / "harbor-spd.txt"), "page": 3, "line": 34,
        "text": "The Plan permits in-plan Roth conversions of your after-tax account at any time.",
    }]  # fmt: skip
    assert sorted(report["fields"]) == [
        "contributions.after_tax.allowed", "contributions.pretax", "contributions.roth",
        "conversion.in_plan.available", "conversion.in_service.available", "conversion.in_service.per_year",
    ]  # fmt: skip
    assert report["findings"] == []


def test_a_contradiction_is_a_finding_in_json_and_a_comment_in_the_draft() -> None:
    document = str(CORPUS / "birch-contradicting.txt")
    report = json.loads(_run("decode", document, "--format", "json").stdout)
    assert [finding["kind"] for finding in report["findings"]] == ["contradiction"]
    assert report["fields"]["contributions.after_tax.allowed"]["value"] == "unknown"
    draft = _run("decode", document, "--year", "2026").stdout.splitlines()
    assert f"# FINDING (contradiction): {report['findings'][0]['message']}" in draft
    assert "    allowed: unknown  # the documents contradict each other (see above); look for voluntary, traditional " \
           "or regular after-tax (non-Roth) contributions, post-tax or nondeductible employee contributions" in draft  # fmt: skip


def test_output_is_never_overwritten_without_force(tmp_path: Path) -> None:
    draft = tmp_path / "plan.yaml"
    draft.write_text("mine\n", encoding="utf-8")
    done = _run("decode", str(CORPUS / "cedar-adoption.txt"), "-o", str(draft))
    assert done.exit_code == 2
    assert draft.read_text(encoding="utf-8") == "mine\n"
    assert _run("decode", str(CORPUS / "cedar-adoption.txt"), "-o", str(draft), "--force").exit_code == 0
    assert draft.read_text(encoding="utf-8").startswith("# Draft plan file written by `megaroth decode`")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe caf\xe9", "not UTF-8 text (byte 0 is 0xff); decode reads PDF, Word .docx, HTML and plain text documents"),
        (b"\x00\x01 binary", "a binary file, not a text document"),
        (b"\n \n", "the document holds no text to read"),
    ],
)
def test_a_document_that_is_not_text_is_one_clear_message(tmp_path: Path, content: bytes, message: str) -> None:
    document = tmp_path / "doc.txt"
    document.write_bytes(content)
    done = _run("decode", str(document), "--year", "2026")
    assert (done.exit_code, done.stdout, done.stderr) == (2, "", f"megaroth: {document}: {message}\n")


def test_a_missing_document_is_one_clear_message(tmp_path: Path) -> None:
    done = _run("decode", str(tmp_path / "absent.txt"))
    assert (done.exit_code, done.stderr) == (2, f"megaroth: {tmp_path / 'absent.txt'}: cannot read the document: No such file or directory\n")
