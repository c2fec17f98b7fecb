"""Technical issue or incorrect information from Microsoft: what happened and what is asked for.

For incorrect information, what Microsoft said is asked on the page before (steps/statement.py).
The support ticket number stays here for both types: it is the case opened with Microsoft
about what happened, asked in the same words and place for either type. When Microsoft said
the wrong thing in a ticket, "Where and when did Microsoft say it?" names it.
"""

from django.utils.translation import gettext_lazy as _

from creditrequests.models import CreditType
from creditrequests.wizard.forms import (
    AmountField,
    CurrencyField,
    GuidField,
    LongTextField,
    PastDateField,
    StepForm,
    TextField,
)


class IssueForm(StepForm):
    title = _("What happened")
    lead = _(
        "Microsoft reviews these requests case by case. Give a reviewer what they need: "
        "what happened, when, which subscriptions, orders or invoices, and the amount."
    )

    description = LongTextField(label=_("What happened"))
    issue_date = PastDateField(
        label=_("When did it happen?"),
        future_message=_("The date cannot be in the future. Enter the day it happened."),
    )
    references = LongTextField(
        label=_("Subscriptions, orders or invoices"),
        required=False,
        english=False,
        help_text=_("The IDs or numbers involved, one a line."),
    )
    tenant_id = GuidField(
        label=_("Customer tenant ID"),
        required=False,
        invalid_message=_(
            "Enter the customer's tenant ID as a GUID: 32 letters and digits in groups "
            "8-4-4-4-12, like 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14."
        ),
    )
    amount = AmountField(
        label=_("Amount asked for"),
        required=False,
        help_text=_("A number with at most two decimals, like 125.50."),
    )
    currency = CurrencyField(
        label=_("Currency"), required=False, help_text=_("Three letters, like EUR or SEK.")
    )
    support_ticket_numbers = TextField(
        label=_("Support ticket number"),
        required=False,
        max_length=500,
        help_text=_("The Microsoft support ticket about it, if there is one."),
    )

    def __init__(self, *args, credit_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        if credit_type == CreditType.INCORRECT_INFORMATION:
            # What Microsoft said is the page before (steps/statement.py); this is what followed.
            self.lead = _(
                "Microsoft reviews these requests case by case. Say what happened because of "
                "what Microsoft said, when, which subscriptions, orders or invoices, and the "
                "amount."
            )
            self.fields["description"].label = _("What happened as a result?")

    def clean(self):
        cleaned_data = super().clean()
        amount, currency = cleaned_data.get("amount"), cleaned_data.get("currency")
        if amount is not None and not currency and "currency" not in self.errors:
            self.add_error("currency", _("Enter the currency of the amount, like EUR."))
        return cleaned_data
