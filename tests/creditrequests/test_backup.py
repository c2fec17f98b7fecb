"""export_drafts / import_drafts: every draft and its history survive a round trip exactly."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from creditrequests import services
from creditrequests.evaluation import request_date
from creditrequests.models import CreditRequestDraft, Organisation, User
from tests.creditrequests.test_wizard_flows import complete_wizard
from tests.factories import (
    DraftFactory,
    EligibleDraftFactory,
    OrganisationFactory,
    ReviewerFactory,
    UserFactory,
)

History = CreditRequestDraft.history.model

NATURAL = {"organisation": "name", "owner": "username", "reviewed_by": "username"}


def _row(obj, model) -> dict:
    """Every column except the primary keys; people and organisations by natural key."""
    row = {}
    for field in model._meta.concrete_fields:
        if field.name in {"id", "history_id"}:
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            row[field.name] = getattr(related, NATURAL.get(field.name, "username"), None)
        else:
            row[field.name] = getattr(obj, field.attname)
    return row


def snapshot() -> dict:
    drafts = {}
    for draft in CreditRequestDraft.objects.order_by("pk"):
        history = History.objects.filter(id=draft.pk).order_by("history_date", "history_id")
        drafts[str(draft.public_id)] = {
            "draft": _row(draft, CreditRequestDraft),
            "history": [_row(row, History) for row in history],
        }
    return drafts


@pytest.fixture
def drafts_with_history(client, drafter, reviewer):
    """Drafts made by the wizard (history per step) and moved through review to closed."""
    client.force_login(drafter)
    complete_wizard(client, "technical_issue")
    complete_wizard(client, "service_outage")
    complete_wizard(client, "incorrect_information")
    draft = EligibleDraftFactory(owner=drafter, review_comment="Ünïcode ✓ <b>", amount="0.10")
    services.submit_for_review(draft, by=drafter)
    draft.refresh_from_db()
    services.approve(draft, by=reviewer, comment="Looks right")
    draft.refresh_from_db()
    services.record_filing(draft, by=drafter, ticket="SR-1", filed_on=request_date())
    draft.refresh_from_db()
    services.close_credited(draft, by=reviewer, amount="1250.00")
    other = DraftFactory(owner=UserFactory(organisation=OrganisationFactory(name="Other AB")))
    History.objects.filter(id=other.pk).update(history_user=None, history_change_reason=None)
    assert History.objects.exclude(history_change_reason=None).exists()
    assert History.objects.exclude(history_user=None).exists()
    return snapshot()


def export() -> str:
    out = io.StringIO()
    call_command("export_drafts", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def import_file(tmp_path, text: str) -> str:
    path = tmp_path / "drafts.json"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_drafts", str(path), stdout=out)
    return out.getvalue()


def wipe():
    """An empty database, as after a disaster (deleting drafts adds "-" history rows)."""
    CreditRequestDraft.objects.all().delete()
    History.objects.all().delete()


def test_export_wipe_import_restores_every_field_of_every_draft_and_history_row(
    drafts_with_history, tmp_path
):
    before = drafts_with_history
    text = export()
    wipe()
    assert not CreditRequestDraft.objects.exists()

    message = import_file(tmp_path, text)

    histories = sum(len(d["history"]) for d in before.values())
    assert f"Imported {len(before)} drafts with {histories} history records" in message
    assert snapshot() == before


def test_the_export_file_names_people_and_organisations_by_natural_key(
    drafts_with_history, drafter
):
    document = json.loads(export())
    draft = next(d for d in document["drafts"] if d["owner"] == drafter.username)
    assert draft["organisation"] == drafter.organisation.name
    assert {row["history_user"] for row in draft["history"]} == {drafter.username}
    assert "id" not in draft and "history_id" not in draft["history"][0]


def test_export_to_a_file_with_output(drafts_with_history, tmp_path):
    path = tmp_path / "backup.json"
    call_command("export_drafts", "--output", str(path), stderr=io.StringIO())
    assert len(json.loads(path.read_text())["drafts"]) == len(drafts_with_history)


def test_importing_the_same_file_twice_changes_nothing(drafts_with_history, tmp_path):
    text = export()
    wipe()
    import_file(tmp_path, text)
    after_first = snapshot()

    message = import_file(tmp_path, text)

    assert "Imported 0 drafts" in message
    assert f"{len(after_first)} already present" in message
    assert snapshot() == after_first


def test_importing_over_the_existing_drafts_changes_nothing(drafts_with_history, tmp_path):
    import_file(tmp_path, export())
    assert snapshot() == drafts_with_history


def test_a_missing_organisation_or_user_refuses_the_import_and_writes_nothing(
    drafts_with_history, drafter, tmp_path
):
    document = json.loads(export())
    wipe()
    document["drafts"][0]["organisation"] = "Vanished Partner AB"
    document["drafts"][-1]["history"][0]["history_user"] = "ghost-user"

    with pytest.raises(CommandError) as error:
        import_file(tmp_path, json.dumps(document))

    message = str(error.value)
    assert "Nothing was imported" in message
    assert "Vanished Partner AB" in message and "ghost-user" in message
    assert not CreditRequestDraft.objects.exists()
    assert not History.objects.exists()


def test_an_error_halfway_rolls_back_every_draft_already_written(drafts_with_history, tmp_path):
    document = json.loads(export())
    wipe()
    del document["drafts"][-1]["history"][0]["history_type"]

    with pytest.raises(CommandError, match="history_type"):
        import_file(tmp_path, json.dumps(document))

    assert not CreditRequestDraft.objects.exists()
    assert not History.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [("not json", "not valid JSON"), ('{"format": "other"}', "not a draft export")],
)
def test_a_file_that_is_not_an_export_is_refused_clearly(db, tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        import_file(tmp_path, content)


def test_a_missing_file_is_refused_clearly(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_drafts", str(tmp_path / "nope.json"))


@pytest.mark.parametrize("command", ["export_drafts", "import_drafts"])
def test_both_commands_explain_themselves_in_help(command, capsys):
    with pytest.raises(SystemExit):
        call_command(command, "--help")
    text = capsys.readouterr().out
    assert "history" in text
    assert ("--output" in text) if command == "export_drafts" else ("FILE" in text)


def test_import_into_a_database_with_the_same_names_but_other_keys(drafts_with_history, tmp_path):
    """Primary keys differ between databases: the file only uses names and public IDs."""
    text = export()
    wipe()
    # Shift the users' and organisations' primary keys by recreating them.
    for organisation in Organisation.objects.all():
        name = organisation.name
        members = list(organisation.members.values_list("username", "is_reviewer"))
        User.objects.filter(organisation=organisation).delete()
        organisation.delete()
        new = OrganisationFactory(name=name)
        for username, is_reviewer in members:
            (ReviewerFactory if is_reviewer else UserFactory)(username=username, organisation=new)

    import_file(tmp_path, text)

    after = snapshot()
    for public_id, expected in drafts_with_history.items():
        assert after[public_id]["draft"]["owner"] == expected["draft"]["owner"]
        assert [row["history_user"] for row in after[public_id]["history"]] == [
            row["history_user"] for row in expected["history"]
        ]
        assert after[public_id]["draft"]["answers"] == expected["draft"]["answers"]


def as_version_1(document: dict) -> dict:
    """The export as the version before the outage's four steps and incorrect information's
    statement page wrote it (old step names)."""
    document["version"] = 1
    for record in document["drafts"]:
        if record["credit_type"] == "service_outage":
            steps = record["completed_steps"]
            record["completed_steps"] = [
                step for step in steps if step not in {"outage-tenant", "outage-impact"}
            ]
            record["unsaved_input"] = {
                "outage-incident": {"outage-incident-tenant_id": ["not-a-guid"]}
            }
        if record["credit_type"] == "incorrect_information":
            record["completed_steps"] = [
                step for step in record["completed_steps"] if step != "statement"
            ]
            record["unsaved_input"] = {
                "issue": {
                    "issue-statement_by": ["Partner support"],
                    "issue-amount": ["12.345"],
                }
            }
    return document


def test_a_version_1_file_is_imported_with_the_outage_steps_of_today(drafts_with_history, tmp_path):
    document = as_version_1(json.loads(export()))
    wipe()

    import_file(tmp_path, json.dumps(document))

    [outage] = [  # the one the wizard made, the others come from factories
        draft
        for draft in CreditRequestDraft.objects.filter(credit_type="service_outage")
        if "outage-incident" in draft.completed_steps
    ]
    assert outage.completed_steps[3:8] == [
        "outage-incident",
        "outage-tenant",
        "outage-evidence",
        "outage-impact",
        "evidence",
    ]
    assert outage.unsaved_input["outage-tenant"]["outage-tenant-tenant_id"] == ["not-a-guid"]
    assert "outage-incident" not in outage.unsaved_input


def test_a_version_1_file_is_imported_with_the_statement_page_of_today(
    drafts_with_history, tmp_path
):
    document = as_version_1(json.loads(export()))
    wipe()

    import_file(tmp_path, json.dumps(document))

    draft = CreditRequestDraft.objects.get(credit_type="incorrect_information")
    assert draft.completed_steps[3:6] == ["statement", "issue", "evidence"]
    assert draft.unsaved_input == {
        "statement": {"statement-statement_by": ["Partner support"]},
        "issue": {"issue-amount": ["12.345"]},
    }
    before = drafts_with_history[str(draft.public_id)]
    # History rows are the record of what happened: imported as they were.
    assert [row["completed_steps"] for row in before["history"]] == [
        row.completed_steps for row in draft.history.order_by("history_date", "history_id")
    ]


@pytest.mark.parametrize("version", [0, 3, "2", True, None])
def test_a_file_of_an_unknown_version_is_refused_clearly(db, tmp_path, version):
    document = {"format": "credit-request-wizard/drafts", "version": version, "drafts": []}

    with pytest.raises(CommandError, match="reads versions 1, 2"):
        import_file(tmp_path, json.dumps(document))


def test_a_version_1_file_with_hostile_step_values_is_refused_not_crashed(db, tmp_path):
    record = {
        "public_id": "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
        "credit_type": "service_outage",
        "completed_steps": [["outage-incident"], 7],
        "unsaved_input": {"outage-incident": ["x"]},
        "answers": "nope",
    }
    document = {"format": "credit-request-wizard/drafts", "version": 1, "drafts": [record]}

    with pytest.raises(CommandError, match="Nothing was imported"):
        import_file(tmp_path, json.dumps(document))
