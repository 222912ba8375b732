"""The report page read back with html.parser: its sections in the sponsor's order, its figures, its safety."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plan_overlay import REPO
from report_support import EPOCH_DATE, read_page, run

ORDER = ["verdict", "features", "questions", "findings", "participants", "limits", "reproduce"]


def _report(tmp_path: Path, plan: str, *extra: str) -> Path:
    output = tmp_path / "report.html"
    result = run(plan, *extra, "-o", str(output))
    assert result.exit_code == 0, result.output
    return output


def test_the_sections_come_in_the_order_a_sponsor_reads(at_repo: Path, tmp_path: Path):
    page = read_page(_report(tmp_path, "samples/participants-2025.yaml"))
    top = [section for section in page.sections if not section.startswith("participant-")]
    assert top == ORDER
    assert [s for s in page.sections if s.startswith("participant-")] == [f"participant-{i}" for i in range(6)]


def test_the_verdict_and_each_participants_room_in_dollars(at_repo: Path, tmp_path: Path):
    page = read_page(_report(tmp_path, "samples/participants-2025.yaml"))
    assert page.data["data-verdict"] == ["eligible"]
    # Rooms for 2025 (IRS Notice 2024-80: §415(c)(1)(A) $70,000, §402(g)(1) $23,500, ages 60-63 catch-up
    # §414(v)(2)(E) $11,250), the plan matching 100% of the first 5% of pay:
    #   example-200k:   70,000 − 23,500 − 5% × 200,000 (10,000)                          = 36,500
    #   late-career-61: deferral 34,750 = 23,500 + the 11,250 catch-up, outside §415(c) (§414(v)(3)(A)):
    #                   70,000 − 23,500 − 5% × 180,000 (9,000)                           = 37,500
    #   pittsburgh-pa:  70,000 − 15,000 − 5% × 150,000 (7,500)                           = 47,500
    #   second-job:     §402(g) is per person (§402(g)(1)(C)): 23,500 − 10,000 elsewhere = 13,500 deferred;
    #                   70,000 − 13,500 − 5% × 130,000 (6,500)                           = 50,000
    #   new-hire-3pct:  70,000 − 3,000 − the match on 3% (3,000)                         = 64,000
    #   support-40k:    §415(c)(1)(B) caps at 100% of pay: 40,000 − 4,000 − 2,000         = 34,000
    rooms = [36_500, 37_500, 47_500, 50_000, 64_000, 34_000]
    assert page.data["data-room"] == [str(room * 100) for room in rooms]
    text = " ".join(page.text)
    for room in rooms:
        assert f"${room:,}" in text
    # Per paycheck, rounded down so the year never overshoots: 36,500 / 26 = 1,403.85 -> 1,403 × 25,
    # and the last paycheck takes 36,500 − 25 × 1,403 = 1,425.
    assert "after-tax per paycheck (25 of 26 paychecks) $1,403" in text
    assert "after-tax in the last paycheck (the rounding left over) $1,425" in text


def test_the_breakdown_and_the_projection_beside_a_backdoor_roth_ira(at_repo: Path, tmp_path: Path):
    page = read_page(_report(tmp_path, "samples/participants-2025.yaml"))
    text = " ".join(page.text)
    assert "§415(c) limit $70,000 less elective deferrals counted in §415(c) − $23,500 less employer match − $10,000" in text
    # `megaroth project`'s model: 20 years of 36,500 at 7% real, each in at the start of its year:
    # 36,500 × 1.07 × (1.07^20 − 1) / 0.07 = 1,601,078.95 -> 1,601,079; put in 20 × 36,500 = 730,000.
    # The IRA at 2025's $7,000 (§219(b)(5)(A)); the participant is 35 at the end of 2025, so 34 + k at the end
    # of year k, and 50 from year 16, from when $8,000 (the $1,000 catch-up, §219(b)(5)(B)):
    # 15 × 7,000 + 5 × 8,000 = 145,000 put in; Σ c_k × 1.07^(21 − k) = 313,209.53 -> 313,210.
    assert ("Converting $36,500 a year for 20 years at a 7% real return puts in $730,000 that grows to $1,601,079 "
            "in today's dollars; a Backdoor Roth IRA at the IRA limit puts in $145,000 that grows to $313,210.") in text


def test_the_limits_used_with_their_sources(at_repo: Path, tmp_path: Path):
    text = " ".join(read_page(_report(tmp_path, "samples/participants-2025.yaml")).text)
    assert "Plan year 2025: IRS Notice 2024-80" in text
    assert "Annual additions limit IRC §415(c)(1)(A) $70,000" in text
    assert "Elective deferral limit IRC §402(g)(1) $23,500" in text


def test_the_inputs_with_their_sha256_and_the_date(at_repo: Path, tmp_path: Path):
    import hashlib

    page = read_page(_report(tmp_path, "samples/participants-2025.yaml"))
    digest = hashlib.sha256((REPO / "samples" / "participants-2025.yaml").read_bytes()).hexdigest()
    text = " ".join(page.text)
    assert f"plan samples/participants-2025.yaml" in text
    assert digest in text
    assert f"on {EPOCH_DATE} (SOURCE_DATE_EPOCH)" in text


def test_open_questions_are_the_unknown_answers_with_the_wording_to_look_for(at_repo: Path, tmp_path: Path):
    text = " ".join(read_page(_report(tmp_path, "samples/unknown-answers-intake.yaml")).text)
    questions = text[text.index("Open questions"):text.index("Findings")]
    # The sample writes five answers as unknown (its header says which).
    for field in ("contributions.roth", "contributions.after_tax.separate_account", "conversion.in_plan.available",
                  "conversion.in_service.available", "conversion.in_service.split_earnings"):
        assert field in questions
    assert "in-plan Roth rollover, conversion or transfer (IRR), a Roth rollover account" in questions


def test_findings_are_grouped_by_severity_with_why_fix_and_citations(at_repo: Path, tmp_path: Path):
    page = read_page(_report(tmp_path, "samples/unknown-answers-intake.yaml"))
    headings = [t for t in page.text if re.fullmatch(r"(Errors|Warnings|Information) \(\d+\)", t)]
    # check's findings for the sample: MBR109 (error); MBR111, MBR203, MBR112 (warnings); MBR303, MBR307 (info).
    assert headings == ["Errors (1)", "Warnings (3)", "Information (2)"]
    text = " ".join(page.text)
    assert "MBR109: Whether after-tax money has a route to Roth is unknown" in text
    assert "Citations IRC §402A(c)(4)(A) (in-plan Roth rollover); IRC §402(c) (rollover of an in-service distribution)" in text


def test_a_plan_named_like_a_script_prints_as_text(tmp_path: Path):
    plan = (REPO / "samples" / "participants-2025.yaml").read_text(encoding="utf-8")
    plan = plan.replace("name: Quillfeather Software 401(k) Plan", "name: \"<script>alert(1)</script>\"")
    plan = plan.replace("name: example-200k", "name: \"<img src=x onerror=alert(2)>\"")
    path = tmp_path / "plan.yaml"
    path.write_text(plan, encoding="utf-8")
    output = _report(tmp_path, str(path))
    html = output.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = read_page(output)
    assert "Mega Backdoor Roth report: <script>alert(1)</script>" in page.text
    assert "<img src=x onerror=alert(2)>" in page.text


@pytest.mark.parametrize("sample", sorted(path.name for path in (REPO / "samples").glob("*.yaml")))
def test_the_page_is_self_contained(sample: str, at_repo: Path, tmp_path: Path):
    output = _report(tmp_path, f"samples/{sample}")
    page = read_page(output)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
    for tag, attributes in page.tags:
        assert not any(name.startswith("on") for name in attributes), tag
        assert "src" not in attributes, tag
        assert "href" not in attributes, tag
    css = output.read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css
    # Every table has header cells.
    html = css
    tables = len(re.findall(r"<table[ >]", html))
    assert tables == html.count("<thead>") and tables > 0
