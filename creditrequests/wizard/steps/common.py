"""Steps every credit request has: who is asking, which type, which customer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from creditrequests.customers.picker import PICK_FIELD, CustomerPickerMixin
from creditrequests.evaluation import requester_problems
from creditrequests.messages import finding_text
from creditrequests.models import CreditType, PartnerCenterRole, PartnerType
from creditrequests.wizard.forms import StepForm, TextField, radio_choice

# One plain sentence per credit type: when it applies.
CREDIT_TYPE_HINTS = {
    CreditType.ACCIDENTAL_PURCHASE: _(
        "The customer bought the wrong product or too many licences by mistake."
    ),
    CreditType.DUPLICATE_ORDER: _(
        "The customer pays twice for the same licences, for example after moving to "
        "another tenant or another CSP partner."
    ),
    CreditType.SERVICE_OUTAGE: _(
        "A Microsoft online service was down and the customer asks for a "
        "service-level (SLA) credit."
    ),
    CreditType.TECHNICAL_ISSUE: _(
        "A technical problem on Microsoft's side made the customer pay for something "
        "they could not use."
    ),
    CreditType.INCORRECT_INFORMATION: _(
        "Microsoft gave wrong information, for example about a price or an offer, and "
        "the customer was charged because of it."
    ),
}


class RequesterForm(StepForm):
    title = _("Who is asking")
    lead = _(
        "Microsoft accepts credit requests only from some Partner Center roles and "
        "partner types. We filled in what your profile says; change it if it is wrong."
    )

    role = radio_choice(
        PartnerCenterRole.choices,
        label=_("Your Partner Center role"),
        required_message=_("Select your Partner Center role."),
    )
    partner_type = radio_choice(
        PartnerType.choices,
        label=_("Your organisation's partner type"),
        required_message=_("Select your organisation's partner type."),
    )

    def clean(self):
        cleaned_data = super().clean()
        role, partner_type = cleaned_data.get("role"), cleaned_data.get("partner_type")
        if role and partner_type:
            for problem in requester_problems(role, partner_type):
                self.add_error(problem.field, finding_text(problem))
        return cleaned_data


class CreditTypeForm(StepForm):
    title = _("Credit type")
    lead = _("Choose the one that fits best. The questions that follow depend on it.")

    credit_type = radio_choice(
        CreditType.choices,
        label=_("What is the credit request about?"),
        required_message=_("Select what the credit request is about."),
    )

    def credit_type_options(self):
        """The radios with a sentence each on when the type applies (for the template)."""
        field = self["credit_type"]
        return [
            {"choice": choice, "hint": CREDIT_TYPE_HINTS.get(choice.data["value"], "")}
            for choice in field
        ]


class CustomerForm(CustomerPickerMixin, StepForm):
    title = _("Customer")
    lead = _("Which customer is the request for? Your own reference helps you find it later.")

    customer_name = TextField(
        label=_("Customer name"),
        help_text=_("As it appears in Partner Center, like Contoso Ltd."),
    )
    partner_reference = TextField(
        label=_("Your reference"),
        required=False,
        max_length=100,
        help_text=_("Your own case or ticket number, if you have one."),
    )

    def __init__(self, *args, organisation_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_picker(organisation_id)
        self.fields["customer_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["partner_reference"].widget = forms.TextInput(
            attrs={**self.fields["partner_reference"].widget.attrs, "autocomplete": "off"}
        )

    def to_answers(self, cleaned_data: dict) -> dict:
        # The pick is how the answers were found, not an answer the rules read.
        answers = super().to_answers(cleaned_data)
        answers.pop(PICK_FIELD, None)
        return answers

    def display_values(self, cleaned_data: dict) -> list[dict]:
        rows = super().display_values(cleaned_data)
        return [row for row in rows if row["anchor"] != self[PICK_FIELD].id_for_label]
