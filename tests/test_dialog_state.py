"""The dialog state on a lead's row: typed in code, plain JSON in the column, old rows too."""

from __future__ import annotations

from bot.qualify.dialog.state import DialogState
from storage.models import Lead


def test_rows_from_before_a_key_existed_read_as_its_default() -> None:
    assert DialogState.of(Lead(dialog_state=None)) == DialogState()
    assert DialogState.of(Lead(dialog_state={})) == DialogState()
    old = DialogState.of(Lead(dialog_state={"skipped": ["role"], "retries": {"need": 1}}))
    assert old == DialogState(retries={"need": 1}, skipped=["role"])


def test_the_state_survives_the_json_column() -> None:
    state = DialogState(retries={"budget": 2}, skipped=["role"], offered=["pricing"])
    state.confirm = "budget"
    lead = Lead(dialog_state=state.data())
    assert DialogState.of(lead) == state


def test_skipping_or_offering_twice_keeps_one_entry() -> None:
    state = DialogState()
    for _ in range(2):
        state.skip("role")
        state.offer("checklist")
    assert (state.skipped, state.offered) == (["role"], ["checklist"])
