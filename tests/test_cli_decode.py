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
        # Harbor's SPD does not say whether its conversion is automatic: MBR110 (a warning) asks.
        ("harbor-spd.txt", "eligible_with_caveats", "MBR110"),
        ("cedar-adoption.txt", "not_eligible", "MBR101"),
        ("maple-legacy-spd.txt", "not_eligible", "MBR101"),
        ("roth-only-summary.txt", "undetermined", "MBR106"),
        ("birch-contradicting.txt", "undetermined", "MBR106"),
        # The portal page: after-tax allowed, in-service withdrawals twice a year, in-plan conversion unknown:
        # a route is known, so eligible with caveats (MBR104, a warning, among them).
        ("aspen-portal.html", "eligible_with_caveats", "MBR104"),
        # Elm lists its sources as the only ones, without after-tax: no after-tax source (MBR101) -> not eligible.
        ("elm-closed-sources.txt", "not_eligible", "MBR101"),
        # Fir: after-tax with in-service withdrawals 4 a year and no Roth program: eligible with caveats, among
        # them MBR206 (from 2026 a plan without Roth cannot take the catch-ups §414(v)(7) requires as Roth).
        ("fir-older-spd.txt", "eligible_with_caveats", "MBR206"),
        # Spruce's agreement: after-tax up to 15% of compensation (MBR207, info: the plan's cap), an automatic
        # daily conversion (so no MBR104/MBR110) and withdrawals at any time: eligible with caveats (MBR203 etc.).
        ("spruce-adoption.txt", "eligible_with_caveats", "MBR207"),
        # Juniper: after-tax withdrawals at any time with the 2014-54 split and a separate account, conversion
        # inside the plan not mentioned: eligible with caveats (MBR104: no automatic conversion).
        ("juniper-spd.txt", "eligible_with_caveats", "MBR104"),
        # Hawthorn (look-alikes): after-tax named, an in-plan conversion on request: eligible with caveats
        # (MBR110: whether the conversion is automatic is unknown).
        ("hawthorn-lookalikes.txt", "eligible_with_caveats", "MBR110"),
    ],
)
def test_decode_then_check_gives_the_documents_verdict(tmp_path: Path, document: str, verdict: str, rule: str) -> None:
    draft = tmp_path / "plan.yaml"
    done = _run("decode", str(CORPUS / document), "--year", "2026", "-o", str(draft))
    # Birch contradicts itself (MBR507, an error): decode exits 1 as check does on an error, the draft written.
    assert done.exit_code == (1 if document == "birch-contradicting.txt" else 0), done.output
    assert done.stderr == f"megaroth: wrote {draft} (draft plan); review it, then run `megaroth check {draft}`.\n"
    checked = _run("check", str(draft), "-f", "json")
    (result,) = json.loads(checked.stdout)["files"]
    assert result["verdict"] == verdict
    rules = {finding["rule"] for finding in result["findings"]}
    assert rule in rules
    if document == "spruce-adoption.txt":
        assert not rules & {"MBR104", "MBR110"}  # "automatically converted to Roth each day" was read


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
        "contributions.after_tax.allowed", "contributions.after_tax.hce_max_percent",
        "contributions.after_tax.max_dollars", "contributions.after_tax.max_percent",
        "contributions.after_tax.separate_account", "contributions.after_tax.spillover", "contributions.after_tax.wording",
        "contributions.catch_up", "contributions.pretax", "contributions.roth",
        "conversion.in_plan.automatic", "conversion.in_plan.available", "conversion.in_plan.frequency",
        "conversion.in_service.available", "conversion.in_service.per_year", "conversion.in_service.split_earnings",
        "employer.match.max", "employer.match.on_after_tax", "employer.match.tiers", "employer.match.true_up",
        "employer.nonelective",
        "employer.profit_sharing", "testing.safe_harbor",
    ]  # fmt: skip
    # "The company matches 100% of the first 4% of pay ..." (page 3): one tier, as the plan format writes it.
    assert report["fields"]["employer.match.tiers"]["value"] == [{"rate": 100, "up_to": 4}]
    assert report["findings"] == []


def test_a_contradiction_is_a_finding_in_json_and_a_comment_in_the_draft() -> None:
    document = str(CORPUS / "birch-contradicting.txt")
    report = json.loads(_run("decode", document, "--format", "json").stdout)
    assert [finding["kind"] for finding in report["findings"]] == ["contradiction"]
    assert report["fields"]["contributions.after_tax.allowed"]["value"] == "unknown"
    draft = _run("decode", document, "--year", "2026").stdout.splitlines()
    assert (report["findings"][0]["id"], report["findings"][0]["severity"]) == ("MBR507", "error")
    assert f"# FINDING MBR507 (contradiction) error at {document}:-:3: {report['findings'][0]['message']}" in draft
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


def test_text_reports_each_finding_at_document_page_line_and_exits_1_on_an_error() -> None:
    birch, maple = str(CORPUS / "birch-contradicting.txt"), str(CORPUS / "maple-legacy-spd.txt")
    done = _run("decode", birch, maple, "--format", "text")
    # MBR507 (an error: birch's line 3 offers post-tax contributions, its line 6 says none) exits 1, as check does.
    assert done.exit_code == 1
    lines = done.stdout.splitlines()
    assert lines[0] == (
        f"{birch}:-:3: MBR507 error: contributions.after_tax.allowed: the documents answer it two ways: "
        f"yes ({birch} line 3) and no ({birch} line 6); left unknown until an analyst settles it"
    )
    assert lines[2] == f'    also {birch}:-:6: "The Plan does not offer after-tax contributions; consider an IRA instead."'
    # Maple's line 9: "Effective 1993, participants could no longer make post-1986 after-tax contributions; ..."
    assert lines[3].startswith(f"{maple}:-:9: MBR503 warning: the documents describe an after-tax source closed")
    assert lines[-1] == "2 documents read: 1 error, 1 warning, 0 info."
    assert f"{'conversion.in_service.available':<40}  false  ({maple}:-:13)" in lines


def test_text_cites_the_printed_page_of_an_spd_with_footers() -> None:
    harbor = str(CORPUS / "harbor-spd.txt")
    done = _run("decode", harbor, "--format", "text")
    assert done.exit_code == 0
    # "The Plan permits in-plan Roth conver-/sions ..." starts on line 34, printed page 3 ("Page 3 of 4").
    # Field names padded to the longest, contributions.after_tax.separate_account (40 characters).
    assert f"{'conversion.in_plan.available':<40}  true  ({harbor}:3:34)" in done.stdout.splitlines()
    assert done.stdout.splitlines()[-1] == "1 document read: 0 errors, 0 warnings, 0 info."


def test_sarif_holds_the_findings_with_their_rules_and_pages(tmp_path: Path) -> None:
    document = tmp_path / "spd.txt"
    document.write_text(
        "Converting. In-plan Roth conversions may be requested only by phone.\n"
        "Page 7 of 9\n"
        "Withdrawals. If you make an after-tax withdrawal, your contributions will be suspended for 6 months.\n",
        encoding="utf-8",
    )
    done = _run("decode", str(document), "--format", "sarif")
    assert done.exit_code == 0  # a warning and an info: no error
    log = json.loads(done.stdout)
    (run,) = log["runs"]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [f"MBR50{n}" for n in range(1, 8)]
    found = [
        (result["ruleId"], result["level"], result["locations"][0]["physicalLocation"]["region"]["startLine"],
         result["locations"][0]["properties"]["page"])
        for result in run["results"]
    ]  # fmt: skip
    # Line 1 is on printed page 7 (its footer on line 2); line 3 follows the last footer: page 8.
    assert found == [("MBR505", "note", 1, 7), ("MBR504", "warning", 3, 8)]
    assert run["results"][0]["ruleIndex"] == 4


def test_json_findings_carry_their_rule_id_and_severity() -> None:
    report = json.loads(_run("decode", str(CORPUS / "roth-only-summary.txt"), "--format", "json").stdout)
    assert [(item["id"], item["kind"], item["severity"]) for item in report["findings"]] == [
        ("MBR501", "roth_called_after_tax", "warning")
    ]


def test_sarif_validates_against_the_sarif_2_1_0_schema() -> None:
    schema = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    done = _run("decode", str(CORPUS / "birch-contradicting.txt"), str(CORPUS / "maple-legacy-spd.txt"), "--format", "sarif")
    log = json.loads(done.stdout)
    jsonschema.Draft4Validator(schema).validate(log)  # the schema is draft-04, as test_reporters_sarif reads it
    assert [result["ruleId"] for result in log["runs"][0]["results"]] == ["MBR507", "MBR503"]
    assert log["runs"][0]["results"][0]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 6


def test_text_shows_control_characters_in_a_document_as_escapes(tmp_path: Path) -> None:
    document = tmp_path / "spd.txt"
    # An escape sequence inside a sentence that gives a finding (MBR505: a fee for each conversion).
    document.write_text("Fees. A $25 fee \x1b[2J applies to each in-plan Roth conversion.\n", encoding="utf-8")
    done = _run("decode", str(document), "--format", "text")
    assert "\x1b" not in done.stdout
    assert '    "A $25 fee \\x1b[2J applies to each in-plan Roth conversion."' in done.stdout.splitlines()


def test_a_document_silent_on_pretax_gives_pretax_unknown_and_the_draft_still_checks(tmp_path: Path) -> None:
    # Silence is not "no" (issue 12): a page naming only after-tax money and its conversion says nothing of
    # pre-tax deferrals, so the draft writes `pretax: unknown` (plan format 1 takes it, an additive value)
    # rather than a guessed true.
    spd = tmp_path / "page.txt"
    spd.write_text(
        "Acorn Dental 401(k) Plan\n"
        "You may also make voluntary after-tax contributions.\n"
        "The Plan permits in-plan Roth conversions of your after-tax account at any time.\n",
        encoding="utf-8",
    )
    draft = tmp_path / "plan.yaml"
    assert _run("decode", str(spd), "--year", "2026", "-o", str(draft)).exit_code == 0
    lines = draft.read_text(encoding="utf-8").splitlines()
    (pretax,) = [line for line in lines if line.lstrip().startswith("pretax:")]
    assert pretax.startswith("  pretax: unknown  # not answered; look for ")
    checked = _run("check", str(draft), "-f", "json")
    (result,) = json.loads(checked.stdout)["files"]
    # The draft validates (no MBR000), and no finding is about pre-tax: no verdict depends on it.
    assert "MBR000" not in {finding["rule"] for finding in result["findings"]}
    assert result["verdict"] != "invalid"


def test_an_in_plan_rollover_of_distributable_amounts_only_is_drafted_as_unknown_not_yes(tmp_path: Path) -> None:
    # "only after you reach age 59½" (MBR502): the rollover is a plan feature, but it moves no after-tax money
    # to Roth while a younger participant works (§402A(c)(4)(E) lets a plan limit it to distributable amounts).
    # check reads `available: true` as a route for everyone, so the draft writes unknown, and with no other
    # route stated, check cannot decide the plan: undetermined, never a confident eligible.
    spd = tmp_path / "spd.txt"
    spd.write_text(
        "Birchwood Tools 401(k) Plan\n"
        "You may make pre-tax contributions and Roth 401(k) contributions.\n"
        "You may also make voluntary after-tax contributions.\n"
        "You may make an in-plan Roth rollover of your vested account only after you reach age 59½.\n",
        encoding="utf-8",
    )
    draft = tmp_path / "plan.yaml"
    done = _run("decode", str(spd), "--year", "2026", "-o", str(draft))
    assert done.exit_code == 0, done.output
    text = draft.read_text(encoding="utf-8")
    assert "# FINDING MBR502 (" in text
    assert ("    available: unknown  # only amounts otherwise distributable (age 59½ or 65, MBR502): true only if "
            "the participants in question have reached that age; otherwise false\n") in text
    (result,) = json.loads(_run("check", str(draft), "-f", "json").stdout)["files"]
    assert result["verdict"] == "undetermined"
