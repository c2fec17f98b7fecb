"""Pages about saved drafts: my drafts and one draft."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from creditrequests.models import CreditRequestDraft


@login_required
def my_drafts(request):
    drafts = CreditRequestDraft.objects.visible_to(request.user).filter(owner=request.user)
    return render(request, "drafts/my_drafts.html", {"drafts": drafts})


@login_required
def draft_detail(request, public_id):
    draft = get_object_or_404(
        CreditRequestDraft.objects.visible_to(request.user), public_id=public_id
    )
    return render(request, "drafts/detail.html", {"draft": draft})
