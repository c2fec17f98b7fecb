"""A wizard step against a bare Django form page, under gunicorn. Run by `make bench`.

    .venv/bin/python bench/wizard_bench.py [--requests 300] [--warmup 30] [--workers 2]

It makes a temporary folder with a fresh SQLite database (migrated, cache table, one
Admin agent of a direct-bill partner) and the static files collected as in production,
starts gunicorn on a free port of 127.0.0.1 with production-like settings (DEBUG off,
DJANGO_HTTPS=0, a random SECRET_KEY, WhiteNoise's compressed manifest storage), signs
in through the login form with urllib, and starts a draft up to the customer step.

Then, one client sending one request at a time, it measures four cases, each after a
warm-up: GET and POST of the wizard's customer step of that draft, and GET and POST of
the bare page (bench/settings.py adds /bench/bare-form/, the view in
creditrequests/benchpage.py: the same two fields, the same base template, sign-in and
CSRF, no wizard). A POST is timed up to its redirect, which is not followed. It prints
throughput and p50 / p99 latency per case, the ratio wizard / bare (target: within 2x),
and the page weight of wizard pages (HTML + CSS + JS, target < 50 KB). It asserts
nothing. gunicorn is stopped at the end, also after an error.
"""

import argparse
import gzip
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
USERNAME = "bench-admin"
PASSWORD = secrets.token_urlsafe(16)
BARE_PATH = "/bench/bare-form/"

CREATE_USER = f"""
from creditrequests.models import Organisation, PartnerCenterRole, PartnerType, User
organisation = Organisation.objects.create(name="Bench AB", partner_type=PartnerType.DIRECT)
User.objects.create_user(
    {USERNAME!r}, password={PASSWORD!r}, first_name="Bench", last_name="Admin",
    organisation=organisation, partner_center_role=PartnerCenterRole.ADMIN_AGENT,
)
"""


# --- HTTP ------------------------------------------------------------------------------


class KeepEveryResponse(urllib.request.HTTPErrorProcessor):
    """Return 3xx/4xx/5xx responses as they are: no redirect following, no exceptions."""

    def http_response(self, request, response):
        return response

    https_response = http_response


class Client:
    """A browser-like client on loopback: cookies, CSRF token, no redirects followed."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), KeepEveryResponse()
        )

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        """(status, Location header, body bytes) of one request."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            self.base_url + path, data=body, headers=headers or {}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.headers.get("Location", ""), response.read()

    def get(self, path: str, **kwargs):
        return self.request(path, **kwargs)

    def post(self, path: str, data: dict):
        return self.request(path, data=data)


def local_path(location: str) -> str:
    return urllib.parse.urlsplit(location).path


class FormParser(HTMLParser):
    """The POST forms of a page: each a dict of the values a browser would submit."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self.assets: list[str] = []
        self._form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href"):
            self.assets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])
        elif tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name") and tag != "option":
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"radio", "checkbox"} and "checked" not in attrs:
                return
            self._form.setdefault(attrs["name"], []).append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form.setdefault(self._textarea, []).append("")
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self._form.setdefault(self._select, []).append(attrs.get("value") or "")

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def parse_page(html: bytes) -> FormParser:
    parser = FormParser()
    parser.feed(html.decode("utf-8"))
    return parser


def form_with(html: bytes, field_suffix: str) -> dict[str, list[str]]:
    """The page's POST form that has a field whose name ends with `field_suffix`."""
    for form in parse_page(html).forms:
        if any(name.endswith(field_suffix) for name in form):
            return form
    raise RuntimeError(f"no form with a field *{field_suffix} on the page")


def expect(status: int, wanted: int, what: str) -> None:
    if status != wanted:
        raise RuntimeError(f"{what}: HTTP {status}, expected {wanted}")


# --- the server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def prepare(env: dict) -> None:
    """Collect static files, migrate the temporary database, add the cache table and a user."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["collectstatic", "--noinput", "-v0"],
        ["migrate", "--noinput", "-v0"],
        ["createcachetable"],
        ["shell", "-v", "0", "-c", CREATE_USER],
    ):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True)  # noqa: S603


def wait_until_up(base_url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            Client(base_url).get("/accounts/login/")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 30 s:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


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


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(send, expected_status: int, requests: int, warmup: int) -> dict:
    for _ in range(warmup):
        send()
    latencies, unexpected = [], 0
    started = time.perf_counter()
    for _ in range(requests):
        before = time.perf_counter()
        status = send()
        latencies.append(time.perf_counter() - before)
        unexpected += status != expected_status
    elapsed = time.perf_counter() - started
    return {
        "rps": requests / elapsed,
        "p50": percentile(latencies, 0.50) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "mean": statistics.fmean(latencies) * 1000,
        "unexpected": unexpected,
    }


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

    return [
        ("GET customer step", sender(customer_path), 200, sender(BARE_PATH), 200),
        (
            "POST customer step",
            sender(customer_path, wizard_form),
            302,
            sender(BARE_PATH, bare_form),
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
        print(
            f"{name:<20} {'ratio':<7} {bare['rps'] / wizard['rps']:>7.2f}x "
            f"{wizard['p50'] / bare['p50']:>7.2f}x {wizard['p99'] / bare['p99']:>7.2f}x"
            "   (wizard / bare; target <= 2x)"
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
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "DJANGO_HTTPS": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "STATIC_MANIFEST": "1",
            "STATIC_ROOT": str(folder / "static"),
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "ALLOWED_HOSTS": HOST,
            "LOG_LEVEL": "WARNING",
        }
        print(f"Preparing a temporary database and static files in {folder} ...")
        prepare(env)
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        log = folder / "gunicorn.log"
        base_url = f"http://{HOST}:{port}"
        with log.open("w") as log_file:
            server = subprocess.Popen(  # noqa: S603
                [gunicorn, "creditrequests.wsgi", "--bind", f"{HOST}:{port}"]
                + ["--workers", str(args.workers), "--log-level", "warning"],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_up(base_url, server, log)
            print(f"gunicorn is up on {base_url}; measuring ...")
            client = Client(base_url)
            sign_in(client)
            customer_path = draft_at_customer_step(client)
            results = []
            for name, wizard, wizard_status, bare, bare_status in cases(client, customer_path):
                results.append(
                    (
                        name,
                        measure(wizard, wizard_status, args.requests, args.warmup),
                        measure(bare, bare_status, args.requests, args.warmup),
                    )
                )
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
