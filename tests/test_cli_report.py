"""`megaroth report` as a command, through CliRunner: what it writes, what it refuses, and its exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from report_support import read_page, run
from test_cli_acp import EXAMPLE_2  # Treas. Reg. §1.401(m)-2(a)(7) Example 2, with a name column never to be copied

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "decode" / "corpus"


def test_the_report_is_written_and_said_so(at_repo: Path, tmp_path: Path):
    output = tmp_path / "report.html"
    result = run("samples/participants-2025.yaml", "-o", str(output))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"megaroth: wrote {output} (report)\n")
    assert output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n")


def test_output_is_never_replaced_without_force(at_repo: Path, tmp_path: Path):
    output = tmp_path / "report.html"
    output.write_text("the analyst's own file\n", encoding="utf-8")
    result = run("samples/participants-2025.yaml", "-o", str(output))
    assert result.exit_code == 2
    assert result.stderr == f"megaroth: {output}: already exists; megaroth does not replace a file without --force\n"
    assert output.read_text(encoding="utf-8") == "the analyst's own file\n"
    result = run("samples/participants-2025.yaml", "-o", str(output), "--force")
    assert result.exit_code == 0
    assert output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_output_that_is_neither_html_nor_pdf_is_refused(at_repo: Path, tmp_path: Path):
    result = run("samples/participants-2025.yaml", "-o", str(tmp_path / "report.txt"))
    assert result.exit_code == 2
    assert result.stderr == f"megaroth: {tmp_path / 'report.txt'}: the report is written as .html or .pdf; name the file so\n"
    assert not (tmp_path / "report.txt").exists()


def test_output_is_required(at_repo: Path):
    result = run("samples/participants-2025.yaml")
    assert result.exit_code == 2
    assert "Missing option '-o' / '--output'" in result.stderr


def test_a_pdf_without_weasyprint_is_one_clear_message_before_any_work(at_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # WeasyPrint is the optional extra megaroth[pdf]: without it a .pdf is refused at once, exit 2, nothing written.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    result = run("samples/participants-2025.yaml", "-o", str(tmp_path / "report.pdf"))
    assert result.exit_code == 2
    assert result.stderr == "megaroth: PDF output needs WeasyPrint: pip install 'megaroth[pdf]'\n"
    assert not (tmp_path / "report.pdf").exists()


def test_a_pdf_report_is_written_and_never_over_a_file_without_force(at_repo: Path, tmp_path: Path):
    output = tmp_path / "report.pdf"
    output.write_bytes(b"the analyst's own file")
    refused = run("samples/participants-2025.yaml", "-o", str(output))
    assert refused.exit_code == 2
    assert output.read_bytes() == b"the analyst's own file"
    written = run("samples/participants-2025.yaml", "-o", str(output), "--force")
    assert (written.exit_code, written.stderr) == (0, f"megaroth: wrote {output} (report)\n")
    assert output.read_bytes().startswith(b"%PDF-")


def test_a_missing_plan_gets_checks_message_and_no_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = run("nofile.yaml", "-o", "report.html")
    assert result.exit_code == 2
    assert result.stderr == "nofile.yaml: error MBR000 cannot read this path: no such file or folder\n"
    assert not (tmp_path / "report.html").exists()


def test_an_invalid_plan_gets_a_report_of_its_problems_and_exit_2(at_repo: Path, tmp_path: Path):
    output = tmp_path / "report.html"
    census = tmp_path / "census.csv"
    census.write_text(EXAMPLE_2, encoding="utf-8")
    result = run("tests/data/schema-errors.yaml", "--census", str(census), "-o", str(output))
    assert result.exit_code == 2
    # The same lines as `megaroth check tests/data/schema-errors.yaml` (tests/golden/check-bad-files.txt).
    assert result.stderr == (
        "tests/data/schema-errors.yaml:9:9: error MBR000 contributions.roth must be true, false or unknown, not 'yes'; "
        "write true (YAML 1.2 reads yes/on/y as text)\n"
        "tests/data/schema-errors.yaml:10:3: error MBR000 contributions.after_tax is missing the required key 'allowed'\n"
        "tests/data/schema-errors.yaml:11:5: error MBR000 unknown key 'alowed' in contributions.after_tax; did you mean 'allowed'?\n"
        "tests/data/schema-errors.yaml:13:16: error MBR000 employer.nonelective must be a number, not '3%'; write 3 "
        "without the % sign (percentages are written as percent: 5 means 5%)\n"
        f"megaroth: not read, since the plan file is invalid: census {census}\n"
        f"megaroth: wrote {output} (report)\n"
    )
    page = read_page(output)
    assert page.data["data-verdict"] == ["invalid"]
    text = " ".join(page.text)
    assert "tests/data/schema-errors.yaml cannot be checked: the plan file has 4 problems" in text
    assert "Errors (4)" in text
    assert "census" not in page.sections


def test_a_bad_census_gets_acps_message_and_no_report(at_repo: Path, tmp_path: Path):
    output = tmp_path / "report.html"
    result = run("samples/participants-2025.yaml", "--census", str(tmp_path / "none.csv"), "-o", str(output))
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'none.csv'}: cannot read: No such file or directory\n"
    assert not output.exists()


def test_a_bad_document_gets_decodes_message_and_no_report(at_repo: Path, tmp_path: Path):
    output = tmp_path / "report.html"
    result = run("samples/participants-2025.yaml", "--document", str(tmp_path / "none.pdf"), "-o", str(output))
    assert result.exit_code == 2
    assert result.stderr == f"megaroth: {tmp_path / 'none.pdf'}: cannot read the document: No such file or directory\n"
    assert not output.exists()


def test_a_bad_source_date_epoch_is_refused(at_repo: Path, tmp_path: Path):
    result = run("samples/participants-2025.yaml", "-o", str(tmp_path / "r.html"), epoch="yesterday")
    assert result.exit_code == 2
    assert result.stderr == "megaroth: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, not 'yesterday'\n"


def test_the_census_section_holds_the_acp_test_its_margin_and_correction(at_repo: Path, tmp_path: Path):
    census = tmp_path / "census.csv"
    census.write_text(EXAMPLE_2, encoding="utf-8")
    output = tmp_path / "report.html"
    # The plan's year is 2025. Example 2's figures, worked in tests/acp/test_ratios.py and test_correction.py:
    # HCE ACP 12.11, NHCE ACP 6.59, limit 8.59 (1.25 × 6.59 = 8.24 < min(6.59 + 2, 2 × 6.59) = 8.59): fails by
    # 3.52; the ACRs come down to 10.47%, excess 7,030.00, refunds A 1,140.00 and B 5,890.00, after-tax first;
    # §4979(a): 10% of 7,030.00 = 703.00.
    result = run("samples/participants-2025.yaml", "--census", str(census), "-o", str(output))
    assert result.exit_code == 0, result.stderr
    page = read_page(output)
    assert page.sections.index("census") == page.sections.index("participants") + 7  # after the 6 participants
    assert page.data["data-acp"] == ["fails"]
    text = " ".join(page.text)
    assert "Highly compensated (HCEs) 2 12.11%" in text
    assert "Not highly compensated (NHCEs) 4 6.59%" in text
    assert "Limit for the HCEs' ACP 8.59%" in text
    assert "Margin −3.52 points" in text
    assert "The highest ACRs come down to 10.47%; total excess aggregate contributions $7,030.00" in text
    assert "A $1,140.00 $1,140.00 $0.00" in text
    assert "B $5,890.00 $5,890.00 $0.00" in text
    assert "(§4979): $703.00" in text
    assert "Secret" not in output.read_text(encoding="utf-8")


def test_each_answer_has_its_evidence_from_the_documents(at_repo: Path, tmp_path: Path):
    output = tmp_path / "report.html"
    document = "tests/decode/corpus/harbor-spd.txt"
    result = run("samples/acp-failing-quarterly-rollover.yaml", "--document", document, "-o", str(output))
    assert result.exit_code == 0, result.stderr
    text = " ".join(read_page(output).text)
    # harbor-spd.txt, page 4 (tests/decode/corpus/expected.yaml): withdrawals "up to twice per calendar year":
    # 2 a year, where the sample's plan file says 4: the report marks the difference for the analyst.
    assert "The documents say: 2 (the plan file says 4: settle which is right)" in text
    assert "“You may withdraw all or part of your after-tax account for any reason up to twice per calendar year.”" in text
    assert f"{document}, page 4, line 42" in text


def test_the_census_findings_are_listed_with_their_rule_and_census_cell(at_repo: Path, tmp_path: Path):
    # 2025 (IRS Notice 2024-80: §415(c)(1)(A) $70,000). HCE h1 is paid 300,000 and gets 23,500 of deferrals,
    # 60,000 of after-tax money and a 15,000 match: annual additions (§415(c)(2)) 98,500.00, over the limit by
    # 28,500.00 (MBR607, at h1's row 2, the after-tax column 3). The ACP test fails (HCE ACR (60,000 + 15,000)
    # / 300,000 = 25.00% against NHCE n1's (2,000 + 4,000) / 80,000 = 7.50%, limit 7.50 + 2 = 9.50); its
    # result and h1's refund are the section's own lines, so MBR601 and MBR602 are not repeated as findings.
    census = tmp_path / "census.csv"
    census.write_text(
        "id,compensation,after_tax,match,deferrals,nonelective,profit_sharing,age,hce\n"
        "h1,300000,60000,15000,23500,0,0,40,true\n"
        "n1,80000,2000,4000,5000,0,0,40,false\n",
        encoding="utf-8",
    )
    output = tmp_path / "report.html"
    assert run("samples/participants-2025.yaml", "--census", str(census), "-o", str(output)).exit_code == 0
    text = " ".join(read_page(output).text)
    assert ("error MBR607 (census row 2, column 3): h1: annual additions of 98,500.00 are over the §415(c)(1)(A) "
            "limit of 70,000.00 by 28,500.00") in text
    assert "MBR601" not in text and "MBR602" not in text
    assert "Margin −15.50 points" in text  # 9.50 − 25.00
