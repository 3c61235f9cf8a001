"""State words of a logical assertion (evaluator/scoring/states.py): read off real-shaped
assertions, and checked on the states the runner recorded."""

from __future__ import annotations

from typing import Any

import pytest

from evaluator.scoring.states import (
    ACTED,
    State,
    acted_names,
    state_check,
    stated_states,
    watch_words,
)

# (assertion, [(subject, state, holds)]): the published sets' own and annotator-shaped ones.
TABLE: list[tuple[str, list[tuple[str, State, bool]]]] = [
    ("Buy oat milk is crossed out and 1 item left.", [("Buy oat milk", State.STRUCK, True)]),
    ("'Walk the dog' is no longer crossed out", [("Walk the dog", State.STRUCK, False)]),
    ("The task is crossed out", [(ACTED, State.STRUCK, True)]),
    ("the Continue button is enabled", [("Continue", State.DISABLED, False)]),
    ("The Continue button is disabled.", [("Continue", State.DISABLED, True)]),
    ("The Submit button is not disabled", [("Submit", State.DISABLED, False)]),
    ("The Pay button is greyed out", [("Pay", State.DISABLED, True)]),
    ("The checkbox is checked", [(ACTED, State.CHECKED, True)]),
    ("Buy milk is unticked", [("Buy milk", State.CHECKED, False)]),
    ("It is ticked and 1 item left", [(ACTED, State.CHECKED, True)]),
    ("the tab is selected", [(ACTED, State.SELECTED, True)]),
    ("The Billing tab is active and shows the invoices", [("Billing", State.SELECTED, True)]),
    ("Filling is highlighted and the summary says Treatment: Filling.",
     [("Filling", State.SELECTED, True)]),
    ("13:00 is selected and the summary reads Friday 10 April at 13:00.",
     [("13:00", State.SELECTED, True)]),
    ("Step 2 of 3 is shown with 2. Preferences highlighted in purple.",
     [("2. Preferences", State.SELECTED, True)]),
    ("The third option is outlined and it says Selected theme: System.",
     [(ACTED, State.SELECTED, True)]),
    # The subject before an appositive's commas, the state after them (h11-tees #10,
    # h15-casa #5: "is" was taken for the subject).
    ("Courier collection, £2.99, is outlined in green.",
     [("Courier collection", State.SELECTED, True)]),
    ("The first little picture, a brown-framed window, is outlined in purple.",
     [("little picture", State.SELECTED, True)]),
    ("The switch is on. Dark mode, the last one, is not selected",
     [(ACTED, State.ON, True), ("Dark mode", State.SELECTED, False)]),
    ("10% is highlighted: tip $2.10 and total $23.10 per person.",
     [("10%", State.SELECTED, True)]),
    ("the menu is expanded", [(ACTED, State.EXPANDED, True)]),
    ("The FAQ answer is collapsed again", [("FAQ", State.EXPANDED, False)]),
    ("the menu is open", [(ACTED, State.EXPANDED, True)]),
    ("the switch is on", [(ACTED, State.ON, True)]),
    ("Flag mode is off again.", [("Flag mode", State.ON, False)]),
    ("Dark mode is switched on", [("Dark mode", State.ON, True)]),
    # No state: a word that is one only after a copula, or before a noun.
    ("More squares open: Revealed 17 of 56.", []),
    ("A panel opens listing the three items, total $43.50.", []),
    ("It stays on step 1 and a red line says Please enter a valid email address.", []),
    ("The fourth flight, FR 3321 leaving at 15:50 for €142, is on screen.", []),
    ("The toggle now reads Flag mode: On.", []),
    ("The current temperature now reads 70°F.", []),
    ("After the action, the page shows 'Cart (1)'.", []),
    # A bare count before the state word is no name; a square is a kind, not a name.
    ("It says 4 automations, 3 active, and Porch light is on.",
     [("Porch light", State.ON, True)]),
    ("That square is highlighted, under the 7 in the first column.",
     [(ACTED, State.SELECTED, True)]),
]  # fmt: skip


@pytest.mark.parametrize(("assertion", "claims"), TABLE)
def test_state_claims_are_read_off_assertions(
    assertion: str, claims: list[tuple[str, State, bool]]
) -> None:
    got = [(c.subject, c.state, c.holds) for c in stated_states(assertion)]
    assert got == claims


def test_the_runner_is_sent_the_named_subjects_only() -> None:
    assert watch_words("Buy oat milk is crossed out and the checkbox is checked") == [
        "Buy oat milk"
    ]
    assert watch_words("The page shows 'Cart (1)'") == []


def _entry(of: str, **states: Any) -> dict[str, Any]:
    return {"of": of, "how": "exact", "tag": "span", "text": of, **states}


def test_a_stated_state_holds_or_fails_and_says_what_it_checked() -> None:
    said = "Buy oat milk is crossed out and 1 item left."
    ok = state_check(said, [_entry("Buy oat milk", struck=True, highlighted=None)])
    assert ok is not None and ok.ok, ok
    assert "'Buy oat milk' crossed out: struck on span 'Buy oat milk'" in ok.detail
    bad = state_check(said, [_entry("Buy oat milk", struck=False)])
    assert bad is not None and not bad.ok
    assert "not as stated: \"'Buy oat milk' crossed out\"" in bad.detail
    # Negated: "no longer crossed out" fails on a struck item.
    back = state_check(
        "'Buy oat milk' is no longer crossed out", [_entry("Buy oat milk", struck=True)]
    )
    assert back is not None and not back.ok


def test_enabled_is_not_disabled_on_the_named_control() -> None:
    said = "the Continue button is enabled"
    assert state_check(said, [_entry("Continue", disabled=False)]).ok  # type: ignore[union-attr]
    check = state_check(said, [_entry("Continue", disabled=True)])
    assert check is not None and not check.ok


def test_the_acted_element_answers_for_a_subject_with_no_name() -> None:
    recorded = [_entry(ACTED, checked=True), _entry("Buy milk", checked=False)]
    check = state_check("The checkbox is checked", recorded)
    assert check is not None and check.ok


def test_selected_takes_any_of_its_signals() -> None:
    said = "10% is highlighted"
    assert state_check(said, [_entry("10%", highlighted=True, selected=None)]).ok  # type: ignore[union-attr]
    assert state_check(said, [_entry("10%", current="true")]).ok  # type: ignore[union-attr]
    check = state_check(said, [_entry("10%", highlighted=False, pressed=False)])
    assert check is not None and not check.ok
    assert "not pressed/highlighted" in check.detail


def test_no_recorded_element_or_signal_gives_no_check() -> None:
    said = "Buy oat milk is crossed out"
    assert state_check(said, None) is None
    assert state_check(said, []) is None
    assert state_check(said, [_entry("Walk the dog", struck=True)]) is None
    assert (
        state_check("the Continue button is enabled", [_entry("Continue", disabled=None)]) is None
    )
    assert state_check(said, [{"error": "TypeError"}]) is None
    # Two claims, one checkable: the other is said to be unchecked, not passed.
    check = state_check(
        "Buy oat milk is crossed out and the Clear button is enabled",
        [_entry("Buy oat milk", struck=True)],
    )
    assert check is not None and check.ok and "1 not checkable" in check.detail


@pytest.mark.parametrize(
    ("assertion", "names"),
    [
        ("The Private profile switch is on, and 2 unsaved changes.", ["Private profile"]),
        ("Compact is the chosen option and the rows sit tight together.", ["Compact"]),
        ("The switch beside Reduce motion is on (pink).", ["Reduce motion"]),
        ("13:00 is selected and the summary reads 13:00.", ["13:00"]),
        ("Its switch is green, it says 4 automations, 3 active.", []),
        ("The heading reads Account, with the profile.", []),
        ("The tab is selected", []),
    ],
)
def test_acted_names_are_the_controls_an_assertion_says_were_switched(
    assertion: str, names: list[str]
) -> None:
    assert acted_names(assertion) == names
