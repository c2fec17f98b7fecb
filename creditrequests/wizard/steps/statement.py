"""Incorrect information from Microsoft: what Microsoft said, on a page of its own.

One topic a page (the GOV.UK pattern): what was said, where and when, by whom and what it
cost the customer come first; what happened as a result, the amount and the support ticket
are on "What happened" (steps/issue.py), as for a technical issue.
"""

from django.utils.translation import gettext_lazy as _

from creditrequests.wizard.forms import LongTextField, StepForm, TextField


class StatementForm(StepForm):
    title = _("What Microsoft said")
    lead = _(
        "Microsoft reviews these requests case by case. Start with the information Microsoft "
        "gave: what it said, where and when, who said it and what it cost the customer. "
        "What happened as a result comes on the next page."
    )

    microsoft_statement = LongTextField(
        label=_("What did Microsoft say?"),
        help_text=_("Quote it as exactly as you can, like a price, a date or a promise."),
    )
    statement_where_when = TextField(
        label=_("Where and when did Microsoft say it?"),
        english=True,
        max_length=500,
        help_text=_("For example: the price list in Partner Center, 3 March 2026."),
    )
    statement_by = TextField(
        label=_("Who at Microsoft said it?"),
        required=False,
        english=True,
        help_text=_("A name, a role or a team, if you know it."),
    )
    statement_cost = LongTextField(
        label=_("What did it cost the customer?"),
        required=False,
        max_length=500,
        help_text=_("For example: 2 EUR per user a month more than quoted, for 120 users."),
    )
