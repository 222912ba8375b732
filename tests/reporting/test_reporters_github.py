"""GitHub workflow commands: annotations that no plan text can turn into a command of its own."""

from __future__ import annotations

import re

from megaroth.engine.reporting.reporters.github import escape_data, escape_property
from formats_support import ROOT, TODAY, plan_text, run_cli

ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=[^,:\r\n]*(,line=\d+,col=\d+)?,title=MBR\d{3}( \(waived\))?::[^\r\n]*$"
)
HOSTILE = "::error::pwned\\n::warning file=x.yaml,line=1::%0A injected\\r\\n::notice::%25"


def _github(args, monkeypatch, cwd=ROOT):
    monkeypatch.chdir(cwd)
    result = run_cli(["check", *args, "--today", TODAY, "--format", "github"])
    return result.stdout, result.exit_code


def _unescape(text: str) -> str:
    # The runner's unescaping (actions/runner ActionCommand.Unescape).
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def _split(output: str) -> tuple[list[str], str, list[str], str]:
    lines = output.split("\n")
    start = next(index for index, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[start].removeprefix("::stop-commands::")
    end = lines.index(f"::{token}::")
    assert lines[end + 1 :] == [""]
    return lines[:start], token, lines[start + 1 : end], output


def test_annotations_then_the_text_report(monkeypatch):
    output, code = _github(["samples/roth-401k-only.yaml"], monkeypatch)
    assert code == 1
    annotations, token, report, _ = _split(output)
    assert annotations == [
        "::error file=samples/roth-401k-only.yaml,line=17,col=5,title=MBR101::the plan does not accept after-tax "
        "(non-Roth) employee contributions, so there is no Mega Backdoor Roth: the §415(c) headroom above deferrals "
        "and employer money cannot be filled",
        "::warning file=samples/roth-401k-only.yaml,line=24,col=5,title=MBR202::in-plan Roth conversion is offered "
        "but there is no after-tax source: a conversion would move pre-tax money and is fully taxable; that is not a "
        "Mega Backdoor Roth",
    ]
    assert report[-1] == "Checked 1 file: 1 not eligible. Findings: 1 error, 1 warning, 0 info."
    assert re.fullmatch(r"megaroth-[0-9a-f]{32}", token)


def test_waived_findings_are_notices_naming_the_waiver(monkeypatch):
    output, code = _github(["tests/plans/waivers.yaml"], monkeypatch)
    assert code == 0
    waived = [line for line in output.splitlines() if "(waived)" in line]
    assert waived == [
        "::notice file=tests/plans/waivers.yaml,line=23,col=1,title=MBR104 (waived)::no automatic conversion: the "
        "participant must ask for each conversion (in-plan conversion on request, monthly), and earnings that build "
        "up in the meantime are taxable when converted [waived: Participants convert on the first business day of "
        "each month; the HR runbook reminds them.]"
    ]


def test_no_plan_text_or_file_name_can_inject_a_workflow_command(monkeypatch, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    hostile_file = folder / "::error::evil\n%0A.yaml"
    hostile_file.write_text(
        plan_text(f'"{HOSTILE}"', wording=f'"Roth after-tax {HOSTILE}"', participant=f'"{HOSTILE}"'),
        encoding="utf-8",
    )
    output, _ = _github(["plans"], monkeypatch, cwd=tmp_path)
    annotations, token, report, _ = _split(output)
    assert annotations and all(ANNOTATION.match(line) for line in annotations), annotations
    # The token closing the inert text report appears nowhere else.
    assert output.count(token) == 2
    # Escaped as the runner unescapes: the message it shows is the finding's message, newlines and all.
    mbr201 = next(line for line in annotations if ",title=MBR201::" in line)
    assert "%250A" in mbr201 and "%0A" in mbr201 and "\n" not in mbr201
    shown = _unescape(mbr201.split("::", 2)[2])
    assert shown.startswith('the SPD wording for the after-tax source, "Roth after-tax ::error::pwned\n::warning')
    assert "%0A injected\r\n::notice::%25" in shown
    file_property = re.match(r"::\w+ file=([^,]*),", mbr201).group(1)
    assert _unescape(file_property) == "plans/::error::evil\n%0A.yaml"
    # The text report after the annotations shows control characters as escapes, one finding per line.
    # (The tax notes, printed once after the files, are megaroth's own text.)
    notes = report.index("Notes, the same in every file they apply to:") if "Notes, the same in every file they apply to:" in report else len(report)
    assert all(line.startswith(("plans/::error::evil\\n%0A.yaml", "Checked ")) for line in report[:notes] + report[-1:])
    assert all(re.match(r"\d+\. info MBR40[12] \(1 file\): ", line) for line in report[notes + 1 : -1])


def test_escaping_follows_githubs_rules():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_controls_a_terminal_or_log_viewer_acts_on_are_made_visible():
    # The runner unescapes only %25, %0D, %0A (and %3A, %2C in properties); anything else passes into the
    # log raw, so ESC, BEL, NUL, DEL, NEL, CSI and U+2028 are written as visible escapes instead.
    hostile = "a\x1b]0;title\x07b\x00c\x7fd\x85e\x9bf\u2028g\u200fh"
    assert escape_data(hostile) == "a\\x1b]0;title\\x07b\\x00c\\x7fd\\x85e\\x9bf\\u2028g\\u200fh"
    assert escape_property("plans/\x1b[2J,x.yaml") == "plans/\\x1b[2J%2Cx.yaml"
