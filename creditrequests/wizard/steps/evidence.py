"""The evidence checklist: what will be attached to the request. The Details text lists as
attached only what is ticked here; a required item left unticked is a warning (POLICY.md part 2)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from creditrequests.evaluation import current_rule_set
from creditrequests.messages import evidence_text
from creditrequests.wizard.forms import StepForm


class EvidenceChecklist(forms.CheckboxSelectMultiple):
    """Checkboxes whose field id is the first box's, so the error summary links to it."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class EvidenceForm(StepForm):
    title = _("Evidence")
    lead = _(
        "Tick what you will attach to the request in Partner Center. The Details text says "
        "only what is ticked is attached; Microsoft may send a request back without the "
        "required items."
    )

    evidence_attached = forms.MultipleChoiceField(
        label=_("What will you attach?"),
        required=False,
        widget=EvidenceChecklist,
        help_text=_("Items marked “required” are what Microsoft asks for."),
    )

    def __init__(self, *args, credit_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_attached"].choices = evidence_choices(credit_type)
        self.fields["evidence_attached"].error_messages["invalid_choice"] = _(
            "Tick only items from the list."
        )

    @classmethod
    def data_from_answers(cls, answers: dict, prefix: str) -> dict:
        codes = answers.get("evidence_attached")
        if not isinstance(codes, list):
            return {}
        return {f"{prefix}-evidence_attached": [str(code) for code in codes]}

    def display_values(self, cleaned_data: dict) -> list[dict]:
        field = self.fields["evidence_attached"]
        words = dict(field.choices)
        codes = cleaned_data.get("evidence_attached") or []
        text = "\n".join(str(words.get(code, code)) for code in codes)
        return [
            {
                "anchor": self["evidence_attached"].id_for_label,
                "label": field.label,
                "date": None,
                "text": text or gettext("Nothing ticked"),
            }
        ]


def evidence_choices(credit_type: str | None) -> list[tuple[str, str]]:
    """(code, words) for the credit type's checklist in the rule set in force."""
    rules_for_type = current_rule_set().credit_types.get(credit_type) if credit_type else None
    if rules_for_type is None:
        return []
    return [(item.code, _label(item)) for item in rules_for_type.evidence]


def _label(item) -> str:
    text = evidence_text(item)
    return gettext("%(item)s (required)") % {"item": text} if item.required else text
