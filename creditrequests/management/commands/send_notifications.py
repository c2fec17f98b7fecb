"""Send the mails about drafts' moves that are still unsent (a mail server was down)."""

from django.core.management.base import BaseCommand

from creditrequests.notifications import MAX_ATTEMPTS, deliver


class Command(BaseCommand):
    help = (
        "Send every notification mail (submitted, returned, approved, handed over) not sent "
        "yet. Moves send their mails at once; run this from cron every few minutes to retry "
        f"the ones that failed (each is tried at most {MAX_ATTEMPTS} times). Idempotent: a "
        "mail that was sent is never sent again."
    )

    def handle(self, *args, **options):
        sent, failed = deliver()
        self.stdout.write(f"Sent {sent} notification(s); {failed} failed (retried next run).")
