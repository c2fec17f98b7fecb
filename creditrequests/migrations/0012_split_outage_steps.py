"""The service outage steps, two pages before (outage-incident, outage-evidence), are four.

Answers are stored by field name, so they need no change. What names the steps does:
`completed_steps` and the input kept as typed (`unsaved_input`, keyed by step and by the
step's form prefix). A new step counts as completed when every old step its questions
came from was completed (each of its answers was valid then, and the checks are the
same); the others are asked again, filled in with what was saved. History rows are the
record of what happened and stay as they are.

The mapping is written out here, not imported from the wizard, so that this migration
does the same thing whatever the wizard's steps become later.
"""

from django.db import migrations

OLD_INCIDENT = "outage-incident"
OLD_EVIDENCE = "outage-evidence"
OLD_STEPS = (OLD_INCIDENT, OLD_EVIDENCE)

# New step -> its questions -> the old step that asked them.
NEW_STEPS = {
    "outage-incident": {
        "service_family": OLD_INCIDENT,
        "outage_id": OLD_INCIDENT,
        "advisory": OLD_INCIDENT,
        "incident_date": OLD_INCIDENT,
    },
    "outage-tenant": {
        "tenant_id": OLD_INCIDENT,
        "tenant_domains": OLD_INCIDENT,
        "bought_through_csp": OLD_EVIDENCE,
    },
    "outage-evidence": {
        "evidence_email": OLD_EVIDENCE,
        "customer_requested_credit": OLD_EVIDENCE,
    },
    "outage-impact": {
        "incident_duration": OLD_INCIDENT,
        "affected_services": OLD_INCIDENT,
        "affected_users": OLD_INCIDENT,
        "affected_locations": OLD_INCIDENT,
        "resolution_actions": OLD_EVIDENCE,
        "support_ticket_numbers": OLD_EVIDENCE,
    },
}


def split_completed_steps(completed_steps: list) -> list:
    """The old outage steps replaced by the new ones whose old steps were all completed."""
    completed = [step for step in completed_steps if step not in NEW_STEPS]
    old = set(completed_steps)
    if not old & set(OLD_STEPS):
        return list(completed_steps)
    new = [step for step, origins in NEW_STEPS.items() if set(origins.values()) <= old]
    first_outage = next(i for i, step in enumerate(completed_steps) if step in NEW_STEPS)
    at = len([step for step in completed_steps[:first_outage] if step not in NEW_STEPS])
    return completed[:at] + new + completed[at:]


def _posted(value) -> list[str]:
    # As the wizard posts a saved answer (StepForm.data_from_answers).
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, list | tuple):
        return ["\n".join(str(item) for item in value)]
    return [str(value)]


def split_unsaved_input(unsaved_input: dict, answers: dict) -> dict:
    """Input kept as typed on an old step, moved to the new steps that ask those questions.

    A new step that takes part of its questions from an old step without kept input
    gets the saved answers for them, so that nothing shown on it is empty by mistake.
    """
    old = {step: unsaved_input[step] for step in OLD_STEPS if unsaved_input.get(step)}
    if not old:
        return unsaved_input
    kept = {step: data for step, data in unsaved_input.items() if step not in OLD_STEPS}
    for new_step, origins in NEW_STEPS.items():
        if not set(origins.values()) & set(old):
            continue
        data = {}
        for field, origin in origins.items():
            if origin in old:
                typed = old[origin].get(f"{origin}-{field}")
                if typed is not None:
                    data[f"{new_step}-{field}"] = typed
            elif answers.get(field) not in (None, "", []):
                data[f"{new_step}-{field}"] = _posted(answers[field])
        if data:
            kept[new_step] = data
    return kept


def split_outage_steps(apps, schema_editor):
    Draft = apps.get_model("creditrequests", "CreditRequestDraft")
    drafts = Draft.objects.filter(credit_type="service_outage").only(
        "pk", "answers", "completed_steps", "unsaved_input"
    )
    for draft in drafts.iterator(chunk_size=500):
        completed = split_completed_steps(list(draft.completed_steps or []))
        unsaved = split_unsaved_input(dict(draft.unsaved_input or {}), draft.answers or {})
        if completed != draft.completed_steps or unsaved != draft.unsaved_input:
            draft.completed_steps = completed
            draft.unsaved_input = unsaved
            draft.save(update_fields=["completed_steps", "unsaved_input"])


class Migration(migrations.Migration):
    dependencies = [
        ("creditrequests", "0011_search_trigram_indexes"),
    ]

    operations = [
        # Backwards: the old wizard reads the kept step names and asks the rest again.
        migrations.RunPython(split_outage_steps, migrations.RunPython.noop),
    ]
