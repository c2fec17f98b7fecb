"""Give drafts saved before missed deadlines were kept the deadline they missed."""

from django.core.management.base import BaseCommand

from creditrequests.evaluation import evaluate_draft, missed_deadline
from creditrequests.models import CreditRequestDraft


class Command(BaseCommand):
    help = (
        "Drafts evaluated after their deadline used to be saved without one, so lists showed "
        "'No deadline' instead of 'Window closed'. For every open draft without a deadline, "
        "evaluate its answers again as on the day it was evaluated, under its own rule set, "
        "and store the deadline it missed. Changes nothing else; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would change; change nothing."
        )

    def handle(self, *args, **options):
        candidates = (
            CreditRequestDraft.objects.awaiting_filing()
            .filter(deadline__isnull=True, evaluated_on__isnull=False, eligible=False)
            .only("pk", "answers", "rule_set_version", "evaluated_on", "public_id")
        )
        updated = 0
        for draft in candidates.iterator(chunk_size=500):
            try:
                verdict = evaluate_draft(draft, today=draft.evaluated_on)
            except (LookupError, ValueError, TypeError):
                continue  # answers the rules cannot read (yet): nothing to learn from them
            missed = missed_deadline(verdict)
            if missed is None:
                continue
            if options["dry_run"]:
                self.stdout.write(
                    f"Would record {missed} as the missed deadline of {draft.public_id}"
                )
            else:
                # Only the deadline column, as the wizard would have saved it: not a state change.
                CreditRequestDraft.objects.filter(pk=draft.pk, deadline__isnull=True).update(
                    deadline=missed
                )
            updated += 1
        verb = "Would record" if options["dry_run"] else "Recorded"
        self.stdout.write(f"{verb} the missed deadline of {updated} draft(s).")
