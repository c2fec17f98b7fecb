"""When the drafter may not file: hand the draft to an Admin agent of the organisation, or,
for an indirect reseller, download a package for the indirect provider who files for them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from creditrequests import services
from creditrequests.evaluation import evaluate_answers, is_evaluable, request_date
from creditrequests.models import PartnerType

from .answers import answer_rows
from .forms import HandOverForm
from .requester import is_reseller_draft
from .views import get_visible_draft, refused, render_detail


@login_required
@require_POST
def hand_over(request, public_id):
    draft = get_visible_draft(request, public_id)
    form = HandOverForm(request.POST, candidates=services.hand_over_candidates(draft))
    if not form.is_valid():
        return render_detail(request, draft, hand_over_form=form)
    data = form.cleaned_data
    try:
        draft = services.hand_over(
            draft, by=request.user, to=data["to"], expected_version=data["version"]
        )
    except services.DraftActionRefused as error:
        return refused(request, draft, error)
    messages.success(
        request,
        _("Handed over to %(name)s, who now owns the draft and has been told by mail.")
        % {"name": data["to"].get_full_name() or data["to"].username},
    )
    return redirect("drafts:home")


def provider_details_text(draft) -> str:
    """The Details text the indirect provider would paste, filing as its own Admin agent."""
    answers = dict(draft.answers) if isinstance(draft.answers, dict) else {}
    answers.update(partner_type=PartnerType.INDIRECT_PROVIDER.value, role="admin_agent")
    if not is_evaluable(answers):
        return ""
    try:
        verdict = evaluate_answers(answers, rule_set=draft.rule_set_version or None)
    except (LookupError, ValueError, TypeError):
        return ""
    return verdict.details_text or ""


def provider_package_text(draft) -> str:
    """What a reseller sends its indirect provider: the answers, the Details text, and what the
    provider must check before filing. Headings in the user's language; Details in English."""
    today = request_date()
    lines = [
        _("Credit request prepared by %(organisation)s for its indirect provider")
        % {"organisation": draft.organisation.name},
        _("Prepared on %(date)s by %(person)s")
        % {
            "date": today.isoformat(),
            "person": draft.owner.get_full_name() or draft.owner.username,
        },
        "",
        _("Answers"),
        "=" * len(_("Answers")),
    ]
    lines += [f"{label}: {value}" for label, value in answer_rows(draft.answers)]
    details = provider_details_text(draft)
    heading = _("Details text for Partner Center (English, paste as it is)")
    lines += ["", heading, "=" * len(heading)]
    lines += (
        [details]
        if details
        else [_("None yet: the answers are not complete, or the request is not eligible.")]
    )
    heading = _("What you, the indirect provider, must check before filing")
    lines += ["", heading, "=" * len(heading)]
    checks = [
        _("The customer and the subscriptions are yours in CSP, sold through this reseller."),
        _("You file it yourself, signed in to Partner Center as an Admin agent."),
        _("Every fact above matches your records: tenant ID, subscription, order and dates."),
        _("The evidence named above is attached to the request."),
    ]
    if draft.deadline:
        checks.append(
            _("Microsoft must receive the request by %(deadline)s.")
            % {"deadline": draft.deadline.isoformat()}
        )
    lines += [f"- {check}" for check in checks]
    return "\n".join(lines) + "\n"


@login_required
def provider_package(request, public_id):
    """A reseller's package for its indirect provider, as a UTF-8 text file."""
    draft = get_visible_draft(request, public_id)
    if not is_reseller_draft(draft):
        raise Http404("Only an indirect reseller's draft has a package for its provider.")
    response = HttpResponse(provider_package_text(draft), content_type="text/plain; charset=utf-8")
    filename = f"credit-request-{str(draft.public_id)[:8]}-for-provider.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
