"""Forms of an outage batch: choose customers (or upload tenants), and the batch review."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from creditrequests.wizard.steps.evidence import EvidenceChecklist

from .make import MAX_CUSTOMERS


class ChooseCustomersForm(forms.Form):
    customers = forms.ModelMultipleChoiceField(
        label=_("Customers affected by this outage"),
        queryset=None,
        widget=EvidenceChecklist,
        required=False,
        help_text=_("One new draft is made for each customer you tick."),
    )
    tenants_csv = forms.FileField(
        label=_("Or upload a CSV of tenants"),
        required=False,
        help_text=_(
            "Partner Center's customer list, or any CSV with the columns “Microsoft ID” and "
            "“Company name”. New tenants are added to your customer directory."
        ),
    )

    def __init__(self, *args, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customers"].queryset = customers
        self.fields["customers"].label_from_instance = lambda customer: (
            f"{customer.name} ({', '.join(customer.tenant_domains) or customer.tenant_id or '–'})"
        )
        self.fields["customers"].error_messages["invalid_choice"] = _(
            "Tick only customers from the list."
        )

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("customers")
        if not self.errors and not chosen and not cleaned.get("tenants_csv"):
            self.add_error(
                "customers", _("Tick at least one customer, or upload a CSV of tenants.")
            )
        if chosen is not None and len(chosen) > MAX_CUSTOMERS:
            raise ValidationError(
                _("Choose at most %(count)d customers at a time.") % {"count": MAX_CUSTOMERS}
            )
        return cleaned


DECISIONS = [
    ("", _("Decide later")),
    ("approve", _("Approve")),
    ("return", _("Return for changes")),
]
