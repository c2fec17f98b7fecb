"""Profile one wizard step against the bare form page, in process. Run by `make profile`.

    .venv/bin/python bench/profile_step.py [--requests 200] [--html profile.html]

A temporary SQLite database (migrated, one Admin agent), Django's test client signed in
with force_login (a drafter: no second factor), a draft up to the customer step. It
prints the mean time and the queries of GET and POST of that step and of the bare page
(`/bench/bare-form/`), then the pyinstrument profile of the wizard GET and POST (text,
or HTML with --html). It asserts nothing; `make bench` is the figure that counts.

"POST wizard" posts the page's form again and again, as `make bench` does: the same
answers with the draft version the page was shown with (a double click, from the second
POST on). "POST wizard new" posts other answers each time (two customer names in turn,
no draft version: the path of a page shown with the current one), so the draft's
answers and the wizard's session change on every POST: what saving a step costs.
"""

import argparse
import itertools
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def configure(folder: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "DJANGO_HTTPS": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "STATIC_MANIFEST": "0",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "ALLOWED_HOSTS": "testserver",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def signed_in_client():
    from django.test import Client

    from creditrequests.models import Organisation, PartnerCenterRole, PartnerType, User

    organisation = Organisation.objects.create(name="Bench AB", partner_type=PartnerType.DIRECT)
    user = User.objects.create_user(
        "bench-admin",
        organisation=organisation,
        partner_center_role=PartnerCenterRole.ADMIN_AGENT,
    )
    client = Client()
    client.force_login(user)
    return client


def customer_step(client) -> tuple[str, dict]:
    """The path of a draft's customer step, and a valid POST for it."""
    from bench.common import form_with

    path = client.get("/requests/new/")["Location"]
    form = form_with(client.get(path).content, "-current_step")
    path = client.post(path, form)["Location"]
    form = form_with(client.get(path).content, "-current_step")
    form["credit-type-credit_type"] = ["accidental_purchase"]
    path = client.post(path, form)["Location"]
    form = form_with(client.get(path).content, "-current_step")
    form.update({"customer-customer_name": ["Contoso Ltd"], "customer-partner_reference": ["X"]})
    return path, form


def timed(send, requests: int) -> tuple[float, int]:
    """Mean milliseconds of `send()`, and the queries of one call."""
    from django.db import connection

    for _ in range(20):
        send()
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)
    ):
        send()
    if os.environ.get("SHOW_QUERIES"):
        print("\n".join(sql[:150] for sql in queries))
    started = time.perf_counter()
    for _ in range(requests):
        send()
    return (time.perf_counter() - started) / requests * 1000, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--html", help="write the wizard profiles as HTML files with this stem")
    args = parser.parse_args()

    from pyinstrument import Profiler

    with tempfile.TemporaryDirectory(prefix="profile-step-") as folder:
        configure(Path(folder))
        client = signed_in_client()
        path, wizard_form = customer_step(client)
        bare = "/bench/bare-form/"
        bare_form = {"customer_name": "Contoso Ltd", "partner_reference": "X"}
        new_answers = [
            {key: value for key, value in wizard_form.items() if key != "draft_version"}
            | {"customer-customer_name": [name]}
            for name in ("Contoso Ltd", "Fabrikam Inc")
        ]
        posts = itertools.count()
        cases = {
            "GET wizard": lambda: client.get(path),
            "GET bare": lambda: client.get(bare),
            "POST wizard": lambda: client.post(path, wizard_form),
            "POST wizard new": lambda: client.post(path, new_answers[next(posts) % 2]),
            "POST bare": lambda: client.post(bare, bare_form),
        }
        print(f"{'case':<16} {'mean ms':>8} {'queries':>8}")
        for name, send in cases.items():
            mean, queries = timed(send, args.requests)
            print(f"{name:<16} {mean:>8.2f} {queries:>8}")
        for name in ("GET wizard", "POST wizard"):
            profiler = Profiler(interval=0.0002)
            with profiler:
                for _ in range(args.requests):
                    cases[name]()
            if args.html:
                target = Path(f"{args.html}-{name.split()[0].lower()}.html")
                target.write_text(profiler.output_html())
                print(f"{name}: {target}")
            else:
                print(profiler.output_text(unicode=True, show_all=False))


if __name__ == "__main__":
    main()
