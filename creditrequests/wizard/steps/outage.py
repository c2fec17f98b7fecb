"""Service outage (SLA): one topic a page (the GOV.UK pattern).

The outage itself, the customer's tenant, the customer's evidence (its email checked
against the tenant's domains), then the impact.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from creditrequests.evaluation import current_rule_set
from creditrequests.messages import choices
from creditrequests.wizard.forms import (
    CountField,
    DomainListField,
    GuidField,
    LongTextField,
    OutageIdField,
    PastDateField,
    StepForm,
    TextField,
    YesNoField,
    radio_choice,
)
from rules import validators
from rules.model import ServiceFamily


class OutageIncidentForm(StepForm):
    title = _("The outage")
    lead = _(
        "Find the incident on the Service Health dashboard. The claim must reach Microsoft "
        "by the end of the month after the incident (Azure: two months after)."
    )

    service_family = radio_choice(
        choices(ServiceFamily),
        label=_("Which service family was down?"),
        help_text=_(
            "Azure SLA claims are due two months after the end of the incident's month; the "
            "others by the end of the month after it."
        ),
        required_message=_("Select the service family that was down."),
    )
    outage_id = OutageIdField(
        label=_("Outage incident ID"),
        help_text=_(
            "Two letters and a number, like EX25194; for Azure, the tracking ID, like VN11-JD8."
        ),
    )
    advisory = YesNoField(
        label=_("Was it marked as an advisory?"),
        required=False,
        help_text=_("Advisories are not eligible for an SLA credit; incidents are."),
    )
    incident_date = PastDateField(
        label=_("Incident date"),
        future_message=_(
            "The incident date cannot be in the future. Enter the day the outage began."
        ),
    )

    def clean(self):
        cleaned_data = super().clean()
        outage_id = cleaned_data.get("outage_id") or ""
        family = cleaned_data.get("service_family")
        if "-" in outage_id and family and family != ServiceFamily.AZURE:
            self.add_error(
                "outage_id",
                _(
                    "%(id)s is an Azure tracking ID. Choose Azure above, or enter the ID of two "
                    "letters and a number from the Service Health dashboard, like EX25194."
                )
                % {"id": outage_id},
            )
        return cleaned_data


class OutageTenantForm(StepForm):
    title = _("The customer's tenant")
    lead = _(
        "Give the tenant that was affected and how its subscriptions were bought. The "
        "customer's evidence email, on the next page, must come from one of its domains."
    )

    tenant_id = GuidField(
        label=_("Customer tenant ID"),
        help_text=_("A GUID, like 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14."),
        invalid_message=_(
            "Enter the customer's tenant ID as a GUID: 32 letters and digits in groups "
            "8-4-4-4-12, like 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14."
        ),
    )
    tenant_domains = DomainListField(
        label=_("Tenant domains"),
        help_text=_(
            "The customer's domains, one a line, like contoso.com. A pasted web or email "
            "address is cut down to its domain."
        ),
    )
    bought_through_csp = YesNoField(label=_("Were the affected subscriptions bought through CSP?"))


class OutageEvidenceForm(StepForm):
    title = _("The customer's evidence")
    lead = _(
        "Microsoft needs evidence that the customer was affected and asked for a credit, "
        "sent from one of the tenant's domains."
    )

    evidence_email = TextField(
        label=_("Customer's email address on the evidence"),
        max_length=254,
        help_text=_("The address the customer wrote from, like it@contoso.com."),
    )
    customer_requested_credit = YesNoField(label=_("Did the customer ask for an SLA credit?"))

    def __init__(self, *args, tenant_domains=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant_domains = tuple(tenant_domains)
        self.fields["evidence_email"].widget.input_type = "email"
        self.fields["evidence_email"].show_count = False
        self.fields["evidence_email"].widget.attrs["spellcheck"] = "false"

    def clean_evidence_email(self):
        email = self.cleaned_data["evidence_email"]
        try:
            email = validators.normalise_email(email)
        except validators.InvalidValue:
            raise ValidationError(
                _("Enter the customer's email address, like it@contoso.com."),
                code="invalid_email",
            ) from None
        problem = validators.check_evidence_email(email, self.tenant_domains, current_rule_set())
        if problem is None:
            return email
        if problem.code == "personal_email":
            raise ValidationError(
                _(
                    "A personal email address (like Gmail, Outlook.com or Hotmail) is not "
                    "accepted. Use the customer's email from one of their tenant domains."
                ),
                code=problem.code,
            )
        if problem.code == "email_domain_mismatch":
            raise ValidationError(
                _(
                    "This email is not from the customer's tenant domains (%(domains)s). Use an "
                    "email the customer sent from one of them, or go back and add the domain."
                ),
                code=problem.code,
                params={"domains": ", ".join(self.tenant_domains)},
            )
        raise ValidationError(
            _("Enter the customer's email address, like it@contoso.com."), code=problem.code
        )


class OutageImpactForm(StepForm):
    title = _("The impact")
    lead = _(
        "Microsoft reads these answers as evidence of how the customer was affected. "
        "Answer what you know: every question here is optional."
    )

    incident_duration = TextField(
        label=_("How long did it last?"),
        required=False,
        english=True,
        help_text=_("For example: 09:10–13:40, 4 hours 30 minutes."),
    )
    affected_services = TextField(
        label=_("Affected services"),
        required=False,
        english=True,
        help_text=_("For example: Exchange Online."),
    )
    affected_users = CountField(label=_("Number of affected users"), required=False)
    affected_locations = TextField(
        label=_("Locations of the affected users"), required=False, max_length=500, english=True
    )

    resolution_actions = LongTextField(
        label=_("What was done to resolve it at the time"), required=False
    )
    support_ticket_numbers = TextField(
        label=_("Support ticket numbers"), required=False, max_length=500
    )
