"""Check your answers: no questions of its own; submitting it finishes the draft."""

from django.utils.translation import gettext_lazy as _

from creditrequests.wizard.forms import StepForm


class CheckAnswersForm(StepForm):
    title = _("Check your answers")
    lead = _("Check every answer before the Details text is written. Change any that are wrong.")
