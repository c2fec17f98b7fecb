from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from creditrequests.demo import (
    DEMO_PASSWORD,
    DEMO_USERS,
    create_demo_customers,
    create_demo_data,
    create_demo_drafts,
    demo_authenticator_secret,
    demo_code_now,
)


class Command(BaseCommand):
    help = (
        "Create the demo organisations (one per partner type) and users (admin agent, "
        "global admin, billing admin, reseller, reviewers) and three drafts for anna. "
        "Safe to run again: existing rows are left unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")
        parser.add_argument(
            "--code",
            action="store_true",
            help="Only print the code the demo reviewers' authenticator shows now.",
        )

    def handle(self, *args, **options):
        if options["code"]:
            self.stdout.write(demo_code_now())
            return
        created = create_demo_data(get_user_model())
        drafts = create_demo_drafts(get_user_model())
        customers = create_demo_customers()
        self.stdout.write(
            f"Demo data: {len(created)} new rows"
            + (f" ({', '.join(created)})" if created else "")
            + (f", {drafts} drafts for anna (one waiting for review)" if drafts else "")
            + (f", {customers} customers in Contoso's directory" if customers else "")
        )
        if options["quiet_logins"]:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for demo in DEMO_USERS:
            self.stdout.write(f"  {demo.username:<9} {demo.organisation:<24} {demo.what}")
        self.stdout.write("")
        self.stdout.write(
            "Reviewers and the administrator also enter a code from an authenticator app: "
            f"add the key {demo_authenticator_secret()} to one, or run "
            "`DEBUG=1 .venv/bin/python manage.py seed_demo --code` for the code it shows now."
        )
