"""Incorrect information from Microsoft: what Microsoft said moves from "issue" to "statement".

The four statement questions were on the "What happened" page (step `issue`) for this
credit type; they are now a page of their own before it. Answers are stored by field name,
so they need no change. What names the steps does: `completed_steps` and the input kept as
typed (`unsaved_input`, keyed by step and by the step's form prefix). An incorrect
information draft that completed `issue` answered the statement questions validly then
(under the same checks), so `statement` counts as completed, placed before `issue`. Input
kept as typed on `issue` for those questions moves to `statement` under its prefix. History
rows are the record of what happened and stay as they are.

The mapping is written out here, not imported from the wizard, so that this migration
does the same thing whatever the wizard's steps become later. backup.py applies the same
functions to a version 1 export (_upgrade_from_1).
"""

from django.db import migrations
from django.db.models import Q

CREDIT_TYPE = "incorrect_information"
OLD_STEP = "issue"
NEW_STEP = "statement"
# The questions the new step asks, all of them asked by the old step before.
MOVED_FIELDS = (
    "microsoft_statement",
    "statement_where_when",
    "statement_by",
    "statement_cost",
)


def split_completed_steps(completed_steps: list, credit_type: str) -> list:
    """`statement` completed right before `issue` for an incorrect information draft that
    completed `issue`; any other list as it was."""
    if (
        credit_type != CREDIT_TYPE
        or OLD_STEP not in completed_steps
        or NEW_STEP in completed_steps
    ):
        return list(completed_steps)
    at = completed_steps.index(OLD_STEP)
    return [*completed_steps[:at], NEW_STEP, *completed_steps[at:]]


def split_unsaved_input(unsaved_input: dict) -> dict:
    """Input kept as typed on `issue` for the statement questions, moved to `statement`.

    Whatever the draft's credit type now: input kept when it was incorrect information
    comes back on the right page if it becomes that type again.
    """
    old = unsaved_input.get(OLD_STEP)
    if not isinstance(old, dict):
        return unsaved_input
    moved = {
        f"{NEW_STEP}-{field}": old[f"{OLD_STEP}-{field}"]
        for field in MOVED_FIELDS
        if f"{OLD_STEP}-{field}" in old
    }
    if not moved:
        return unsaved_input
    moved_keys = {f"{OLD_STEP}-{field}" for field in MOVED_FIELDS}
    kept = {step: data for step, data in unsaved_input.items() if step != OLD_STEP}
    rest = {key: value for key, value in old.items() if key not in moved_keys}
    if rest:
        kept[OLD_STEP] = rest
    # Input typed on the new page itself (there was none before this migration) wins.
    kept[NEW_STEP] = {**moved, **(unsaved_input.get(NEW_STEP) or {})}
    return kept


def split_statement_step(apps, schema_editor):
    Draft = apps.get_model("creditrequests", "CreditRequestDraft")
    drafts = Draft.objects.filter(
        Q(credit_type=CREDIT_TYPE) | Q(unsaved_input__has_key=OLD_STEP)
    ).only("pk", "credit_type", "completed_steps", "unsaved_input")
    for draft in drafts.iterator(chunk_size=500):
        completed = split_completed_steps(list(draft.completed_steps or []), draft.credit_type)
        unsaved = split_unsaved_input(dict(draft.unsaved_input or {}))
        if completed != draft.completed_steps or unsaved != draft.unsaved_input:
            draft.completed_steps = completed
            draft.unsaved_input = unsaved
            draft.save(update_fields=["completed_steps", "unsaved_input"])


class Migration(migrations.Migration):
    dependencies = [
        ("creditrequests", "0012_split_outage_steps"),
    ]

    operations = [
        # Backwards: the old wizard ignores the step it does not know and asks the rest.
        migrations.RunPython(split_statement_step, migrations.RunPython.noop),
    ]
