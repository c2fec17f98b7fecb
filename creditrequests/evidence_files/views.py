"""A draft's evidence files: list and upload, download (always as an attachment), remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from creditrequests import services
from creditrequests.drafts.views import get_visible_draft

from .checks import CONTENT_TYPES
from .forms import EvidenceUploadForm
from .models import EvidenceFile


@login_required
def evidence_files(request, public_id):
    draft = get_visible_draft(request, public_id)
    may_change = services.may_change_files(draft, request.user)
    form = EvidenceUploadForm(request.POST or None, request.FILES or None, draft=draft)
    if request.method == "POST":
        if not may_change:
            messages.error(request, _("Only the owner adds files, while the request is a draft."))
            return redirect("evidence_files:list", draft.public_id)
        if form.is_valid():
            try:
                evidence = services.attach_evidence_file(
                    draft,
                    by=request.user,
                    upload=form.cleaned_data["file"],
                    stored_name=form.stored_name(),
                    facts=form.facts,
                )
            except services.DraftActionRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("evidence_files:list", draft.public_id)
            # The wizard's session copy would otherwise put the old evidence email back.
            request.session.pop(f"wizard_draft_{draft.public_id.hex}", None)
            messages.success(request, _("%(name)s is attached.") % {"name": evidence.original_name})
            return redirect("evidence_files:list", draft.public_id)
    return render(
        request,
        "evidence_files/list.html",
        {
            "draft": draft,
            "files": draft.evidence_files.select_related("uploaded_by"),
            "form": form,
            "may_change": may_change,
            "tenant_domains": (draft.answers or {}).get("tenant_domains") or [],
        },
    )


def _visible_file(request, public_id, file_id) -> EvidenceFile:
    draft = get_visible_draft(request, public_id)
    return get_object_or_404(draft.evidence_files, public_id=file_id)


@login_required
def download(request, public_id, file_id):
    """The file's bytes as a download: never shown in the browser, never sniffed."""
    evidence = _visible_file(request, public_id, file_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=CONTENT_TYPES[evidence.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@login_required
@require_POST
def remove(request, public_id, file_id):
    evidence = _visible_file(request, public_id, file_id)
    try:
        services.remove_evidence_file(evidence, by=request.user)
    except services.DraftActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("%(name)s is removed.") % {"name": evidence.original_name})
    return redirect("evidence_files:list", public_id)
