"""A wizard step against a bare Django form page, under gunicorn. Run by `make bench`.

    .venv/bin/python bench/wizard_bench.py [--requests 300] [--warmup 30] [--workers 2]

It makes a temporary folder with a fresh SQLite database (migrated, cache table, one
Admin agent of a direct-bill partner) and the static files collected as in production,
starts gunicorn on a free port of 127.0.0.1 with production-like settings (DEBUG off,
DJANGO_HTTPS=0, a random SECRET_KEY, WhiteNoise's compressed manifest storage), signs
in through the login form with urllib, and starts a draft up to the customer step.

Then, one client sending one request at a time, it measures three cases, each after a
warm-up, the wizard and the bare page taking turns request by request (so both see the
same machine): the wizard's customer step of that draft against the bare page
(bench/settings.py adds /bench/bare-form/, the view in creditrequests/benchpage.py: the
same two fields, the same base template, sign-in and CSRF, no wizard), each shown (GET),
posted again with the same answers ("POST same answers": the page's form as shown,
draft version included, a double click from the second POST on, which saves nothing
new), and posted with new answers ("POST new answers": two customer names in turn, so
every wizard POST saves the draft and its history, and every bare POST the session). A
POST is timed up to its redirect, which is not followed. It prints
throughput and p50 / p99 latency per case, the ratio wizard / bare (targets: GET 1.2x,
POST 1.5x), and the page weight of wizard pages (HTML + CSS + JS, target < 50 KB). It
asserts nothing. gunicorn is stopped at the end, also after an error.
"""

import argparse
import gzip
import itertools
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    HOST,
    Client,
    expect,
    form_with,
    free_port,
    local_path,
    parse_page,
    percentile,
    prepare,
    server_env,
    start_gunicorn,
    stop,
    wait_until_up,
)

USERNAME = "bench-admin"
PASSWORD = secrets.token_urlsafe(16)
BARE_PATH = "/bench/bare-form/"
TARGETS = {"GET": 1.2, "POST": 1.5}  # wizard / bare, issue 13

CREATE_USER = f"""
from creditrequests.models import Organisation, PartnerCenterRole, PartnerType, User
organisation = Organisation.objects.create(name="Bench AB", partner_type=PartnerType.DIRECT)
User.objects.create_user(
    {USERNAME!r}, password={PASSWORD!r}, first_name="Bench", last_name="Admin",
    organisation=organisation, partner_center_role=PartnerCenterRole.ADMIN_AGENT,
)
"""


# --- the measurements ------------------------------------------------------------------


def sign_in(client: Client) -> None:
    status, _, html = client.get("/accounts/login/")
    expect(status, 200, "GET the sign-in page")
    form = form_with(html, "csrfmiddlewaretoken")
    form.update({"username": [USERNAME], "password": [PASSWORD]})
    status, _, _ = client.post("/accounts/login/", form)
    expect(status, 302, "sign in")


def draft_at_customer_step(client: Client) -> str:
    """Start a draft (requester and credit type answered); the customer step's path."""
    status, location, _ = client.get("/requests/new/")
    expect(status, 302, "start a request")
    requester = local_path(location)
    status, _, html = client.get(requester)
    expect(status, 200, "GET the requester step")
    status, location, _ = client.post(requester, form_with(html, "-current_step"))
    expect(status, 302, "POST the requester step")
    credit_type = local_path(location)
    status, _, html = client.get(credit_type)
    expect(status, 200, "GET the credit-type step")
    form = form_with(html, "-current_step")
    form["credit-type-credit_type"] = ["accidental_purchase"]
    status, location, _ = client.post(credit_type, form)
    expect(status, 302, "POST the credit-type step")
    customer = local_path(location)
    if not customer.endswith("/steps/customer/"):
        raise RuntimeError(f"the credit-type step went to {customer}, not the customer step")
    return customer


def measure(pages, requests: int, warmup: int) -> list[dict]:
    """Time each (send, expected status) of `pages`, the pages taking turns request by request.

    Taking turns, the wizard and the bare page share whatever else the machine is doing
    at the time, so their ratio holds on a busy machine too.
    """
    for _ in range(warmup):
        for send, _expected in pages:
            send()
    latencies = [[] for _ in pages]
    unexpected = [0 for _ in pages]
    for _ in range(requests):
        for number, (send, expected) in enumerate(pages):
            before = time.perf_counter()
            status = send()
            latencies[number].append(time.perf_counter() - before)
            unexpected[number] += status != expected
    return [
        {
            "rps": len(times) / sum(times),
            "p50": percentile(times, 0.50) * 1000,
            "p99": percentile(times, 0.99) * 1000,
            "mean": statistics.fmean(times) * 1000,
            "unexpected": count,
        }
        for times, count in zip(latencies, unexpected, strict=True)
    ]


def cases(client: Client, customer_path: str):
    """(name, send function, expected status) for the four measured requests."""
    _, _, html = client.get(customer_path)
    wizard_form = form_with(html, "-current_step")
    wizard_form["customer-customer_name"] = ["Contoso Ltd"]
    wizard_form["customer-partner_reference"] = ["CASE-42"]
    status, _, html = client.get(BARE_PATH)
    expect(status, 200, f"GET {BARE_PATH} (is bench.urls in use?)")
    bare_form = form_with(html, "customer_name")
    bare_form.update({"customer_name": ["Contoso Ltd"], "partner_reference": ["CASE-42"]})

    def sender(path, data=None):
        return lambda: client.request(path, data=data)[0]

    def alternating(path, forms):
        turns = itertools.cycle(forms)
        return lambda: client.request(path, data=next(turns))[0]

    # New answers each time: two customer names in turn, the page's draft version left
    # out (a page shown with the current version), so every POST saves the draft.
    names = ("Contoso Ltd", "Fabrikam Inc")
    wizard_new = [
        {key: value for key, value in wizard_form.items() if key != "draft_version"}
        | {"customer-customer_name": [name]}
        for name in names
    ]
    bare_new = [bare_form | {"customer_name": [name]} for name in names]
    return [
        ("GET customer step", sender(customer_path), 200, sender(BARE_PATH), 200),
        (
            "POST same answers",
            sender(customer_path, wizard_form),
            302,
            sender(BARE_PATH, bare_form),
            302,
        ),
        (
            "POST new answers",
            alternating(customer_path, wizard_new),
            302,
            alternating(BARE_PATH, bare_new),
            302,
        ),
    ]


def page_weight(client: Client, path: str) -> dict:
    """Bytes of a page's HTML and of the CSS and JS it links: as stored and as sent gzipped."""
    _, _, html = client.get(path)
    _, _, html_gz = client.get(path, headers={"Accept-Encoding": "gzip"})
    weight = {"html": len(html), "html_gz": len(html_gz), "css": 0, "js": 0, "assets_gz": 0}
    for asset in dict.fromkeys(parse_page(html).assets):
        _, _, body = client.get(asset)
        status, _, body_gz = client.get(asset, headers={"Accept-Encoding": "gzip"})
        expect(status, 200, f"GET {asset}")
        weight["css" if asset.endswith(".css") else "js"] += len(body)
        weight["assets_gz"] += len(body_gz)
    if html_gz[:2] != b"\x1f\x8b":
        weight["html_gz"] = len(gzip.compress(html))  # what a gzipping proxy would send
    weight["total"] = weight["html"] + weight["css"] + weight["js"]
    weight["total_gz"] = weight["html_gz"] + weight["assets_gz"]
    return weight


def print_report(results, weights, args) -> None:
    print()
    print(
        f"Wizard step vs bare form page: gunicorn {args.workers} workers, 1 client, "
        f"{args.requests} requests per case after {args.warmup} warm-up, loopback"
    )
    header = f"{'case':<20} {'page':<7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'unexpected':>10}"
    print(header)
    print("-" * len(header))
    for name, wizard, bare in results:
        for label, row in (("wizard", wizard), ("bare", bare)):
            print(
                f"{name:<20} {label:<7} {row['rps']:>8.1f} {row['p50']:>8.1f} "
                f"{row['p99']:>8.1f} {row['unexpected']:>10}"
            )
        target = TARGETS[name.split()[0]]
        print(
            f"{name:<20} {'ratio':<7} {bare['rps'] / wizard['rps']:>7.2f}x "
            f"{wizard['p50'] / bare['p50']:>7.2f}x {wizard['p99'] / bare['p99']:>7.2f}x"
            f"   (wizard / bare; target <= {target}x)"
        )
    print()
    print("Page weight (bytes; target HTML + CSS + JS < 50 KB = 51200)")
    header = f"{'page':<22} {'HTML':>7} {'CSS':>7} {'JS':>7} {'total':>7} {'gzipped':>8}"
    print(header)
    print("-" * len(header))
    for name, weight in weights:
        print(
            f"{name:<22} {weight['html']:>7} {weight['css']:>7} {weight['js']:>7} "
            f"{weight['total']:>7} {weight['total_gz']:>8}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=30, help="untimed requests per case first")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wizard-bench-") as folder:
        folder = Path(folder)
        port = free_port()
        env = server_env(folder, f"sqlite:///{folder / 'db.sqlite3'}")
        print(f"Preparing a temporary database and static files in {folder} ...")
        prepare(env, CREATE_USER)
        log = folder / "gunicorn.log"
        base_url = f"http://{HOST}:{port}"
        server = start_gunicorn(
            env, port, log, "--workers", str(args.workers), "--log-level", "warning"
        )
        try:
            wait_until_up(base_url, server, log)
            print(f"gunicorn is up on {base_url}; measuring ...")
            client = Client(base_url)
            sign_in(client)
            customer_path = draft_at_customer_step(client)
            results = []
            for name, wizard, wizard_status, bare, bare_status in cases(client, customer_path):
                pages = [(wizard, wizard_status), (bare, bare_status)]
                results.append((name, *measure(pages, args.requests, args.warmup)))
            wizard_pages = re.sub(r"/steps/customer/$", "/steps/", customer_path)
            weights = [
                (f"wizard {step} step", page_weight(client, wizard_pages + step + "/"))
                for step in ("requester", "credit-type", "customer")
            ]
            weights.append(("bare form page", page_weight(client, BARE_PATH)))
        finally:
            stop(server)
        print_report(results, weights, args)


if __name__ == "__main__":
    main()
