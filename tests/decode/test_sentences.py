"""A text document as sentences: printed pages from footers, running headers dropped, hyphenation joined."""

from __future__ import annotations

from megaroth.engine.decode.sentences import plain, sentences

DOCUMENT = """Acme Plan - SPD
CONTRIBUTIONS
The Plan takes pre-
tax contributions. It also takes Roth con-
tributions.
Page 1 of 3
Acme Plan - SPD
See the vacation guide, e.g. section 2. Loans are
not available.
Page 2 of 3
Acme Plan - SPD
- A bullet on its own line
- Another bullet
Page 3 of 3
"""


def test_sentences_carry_their_first_line_and_printed_page() -> None:
    found = [(item.text, item.line, item.page) for item in sentences(DOCUMENT)]
    assert found == [
        # "con-" + "tributions": the next line starts in lower case, so the hyphen is the line break's and goes;
        # "pre-" + "tax" is a compound whose own hyphen fell at the line's end, and keeps it.
        # A line in capitals is a heading of its own, not the start of the sentence under it.
        ("CONTRIBUTIONS", 2, 1),
        ("The Plan takes pre-tax contributions.", 3, 1),
        ("It also takes Roth contributions.", 4, 1),
        # "e.g." does not end a sentence; the running header "Acme Plan - SPD" (on all three pages) is dropped.
        ("See the vacation guide, e.g. section 2.", 8, 2),
        ("Loans are not available.", 8, 2),
        ("- A bullet on its own line", 12, 3),
        ("- Another bullet", 13, 3),
    ]


def test_a_compounds_hyphen_at_a_line_end_is_kept_and_a_typesetters_goes() -> None:
    text = "You may withdraw your after-\ntax account one time in any six-\nconsecutive-month period, for any rea-\nson.\n"
    ((sentence),) = sentences(text)
    assert sentence.text == "You may withdraw your after-tax account one time in any six-consecutive-month period, for any reason."


def test_a_document_without_footers_has_no_pages() -> None:
    assert [(item.line, item.page) for item in sentences("One.\n\nTwo words here.\n")] == [(1, None), (3, None)]


def test_plain_folds_what_plans_write_several_ways() -> None:
    # Curly quotes, an en dash, "after tax" without its hyphen, doubled spaces, a full-width letter, upper case.
    assert plain("You’re  able to make After tax – or ＲOTH – savings") == "you're able to make after-tax - or roth - savings"


def test_checkboxes_mark_each_option_ticked_or_not_and_are_no_wording_to_match() -> None:
    text = (
        "6. AFTER-TAX (select one)\n"
        "   [ ] The Plan does not permit after-tax contributions. Skip the rest.\n"
        "   [X] The Plan permits after-tax contributions.\n"
        "   ☐ No loans.\n"
        "   ☒ Loans.\n"
        "   ¨ Not permitted.\n"
        "   þ At any time.\n"
        "x 2. Roth contributions are permitted.\n"
    )
    found = [(item.plain, item.ticked) for item in sentences(text)]
    assert found == [
        ("", None),  # a heading (capitals, then the form's instruction) answers nothing: nothing to match
        ("the plan does not permit after-tax contributions.", False),
        ("skip the rest.", False),  # the box governs every sentence of its option
        ("the plan permits after-tax contributions.", True),
        ("no loans.", False),
        ("loans.", True),
        ("not permitted.", False),
        ("at any time.", True),
        ("2. roth contributions are permitted.", True),
    ]
    assert sentences(text)[1].text == "[ ] The Plan does not permit after-tax contributions."
    assert sentences(text)[0].text == "6. AFTER-TAX (select one)"


def test_a_heading_names_a_subject_and_answers_nothing() -> None:
    # Under this heading the options answer; the heading's "withdrawals of after-tax contributions" must not.
    text = "8. IN-SERVICE WITHDRAWALS OF AFTER-TAX CONTRIBUTIONS\n[ ] Participants may withdraw at any time.\n"
    assert [(item.text, item.plain) for item in sentences(text)][0] == ("8. IN-SERVICE WITHDRAWALS OF AFTER-TAX CONTRIBUTIONS", "")
    # Prose in mixed case is no heading, and capitals inside a sentence do not make one.
    assert sentences("The Plan accepts AFTER-TAX contributions.\n")[0].plain == "the plan accepts after-tax contributions."


def test_an_unticked_option_says_nothing(tmp_path) -> None:
    from megaroth.engine.decode.decoder import decode, read_document

    path = tmp_path / "agreement.txt"
    path.write_text("[ ] The Plan does not permit voluntary after-tax contributions.\n[ ] No in-plan Roth rollovers.\n")
    answers = decode([read_document(str(path))]).answers
    assert answers["contributions.after_tax.allowed"].value == "unknown"
    assert answers["conversion.in_plan.available"].value == "unknown"
