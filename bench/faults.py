"""Faults the app must survive, scripted against gunicorn on PostgreSQL. Run by `make faults`.

    .venv/bin/python bench/faults.py [--users 20] [--duration 40] [--restart-at 15]

Uses bench/loadtest.py's temporary site (a fresh PostgreSQL database, gunicorn with gthread
workers on 127.0.0.1, both removed at the end) and runs three scenarios:

1. The database restarts in the middle of a load run. --users simulated users complete
   wizards for --duration seconds; at --restart-at seconds the finished drafts are
   snapshotted and the LOCAL PostgreSQL cluster is restarted with
   `pg_ctlcluster --skip-systemctl-redirect 15 main restart`. Expected: while it is down
   requests get the friendly 503 page (never a 500 or a traceback); users retry as a
   person would and resume the draft they were on; afterwards every draft finished before
   the restart is unchanged, every draft is finished, and drafts == completed flows.
2. The final step submitted twice at the same moment (two threads, same session), and the
   first step of a new draft likewise: one draft, both requests end on the right page.
3. The session ends in the middle of the wizard (sessions deleted, as on expiry): after
   signing in again the draft resumes at its first unfinished step with every answer kept.

It prints what it saw and "ALL FAULT SCENARIOS PASSED" or the failures (exit status 1).
Only for a machine whose local PostgreSQL may be restarted (a CI runner, a dev VM).
"""

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import form_with, local_path, manage  # noqa: E402
from bench.loadtest import (  # noqa: E402
    SimulatedUser,
    Site,
    Stats,
    check_drafts,
    flow_answers,
    parse_args,
    print_report,
    run_load,
    temporary_site,
)

RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]
FRIENDLY_503 = "Everything you saved before is safe"

SNAPSHOT = """
import json
from creditrequests.models import CreditRequestDraft
rows = CreditRequestDraft.objects.values_list(
    "public_id", "version", "answers", "completed_steps", "status", "updated_at"
)
print(json.dumps({str(p): [v, a, c, s, u.isoformat()] for p, v, a, c, s, u in rows}))
"""

DELETE_SESSIONS = """
from django.contrib.sessions.models import Session
print(Session.objects.all().delete()[0])
"""

failures: list[str] = []


def check(condition: bool, what: str) -> None:
    print(f"  [{'ok' if condition else 'FAILED'}] {what}")
    if not condition:
        failures.append(what)


def snapshot(site: Site) -> dict:
    return json.loads(manage(site.env, "shell", "-v", "0", "-c", SNAPSHOT, capture=True))


# --- 1. the database restarts mid-run ----------------------------------------------------


def database_restart(args, site: Site) -> None:
    print(
        f"\n== 1. PostgreSQL restarted {args.restart_at:.0f} s into a "
        f"{args.duration:.0f} s load run"
    )
    moments: dict = {}
    before: dict = {}
    stats = Stats()

    def restart_later():
        stats.running.wait()
        time.sleep(max(0.0, stats.started + args.restart_at - time.monotonic()))
        before.update(snapshot(site))
        moments["restart"] = time.monotonic() - stats.started
        result = subprocess.run(RESTART, capture_output=True, text=True, check=False)  # noqa: S603
        moments["up"] = time.monotonic() - stats.started
        moments["returncode"] = result.returncode
        moments["output"] = (result.stdout + result.stderr).strip()

    restarter = threading.Thread(target=restart_later, daemon=True)
    restarter.start()
    stats, probe, elapsed = run_load(
        site.base_url,
        args.users,
        args.duration,
        retry_for=args.retry_for,
        ramp_up=args.ramp_up,
        stats=stats,
    )
    restarter.join(timeout=120)
    print_report(args, site, stats, probe, elapsed)

    print(
        f"\nrestart command: {' '.join(RESTART)} -> exit {moments.get('returncode')} "
        f"{moments.get('output') or ''}".rstrip()
    )
    restart, up = moments.get("restart", 0), moments.get("up", 0)
    print(f"restart issued at t={restart:.1f} s, command returned at t={up:.1f} s")
    windows = {"before the restart": Counter(), "restart + 10 s": Counter(), "after": Counter()}
    for moment, _step, status in stats.events:
        if moment < restart:
            windows["before the restart"][status] += 1
        elif moment < up + 10:
            windows["restart + 10 s"][status] += 1
        else:
            windows["after"][status] += 1
    print("status codes seen (all simulated users' requests, by time):")
    for name, counts in windows.items():
        print(f"  {name:<20} {dict(sorted(counts.items()))}")
    print("status codes seen by the bare-page probe:", dict(probe.failures) or "only 200")

    check(moments.get("returncode") == 0, "the local cluster restarted")
    check(sum(windows["restart + 10 s"].values()) > 0, "requests were made during the restart")
    check(stats.statuses.get("500", 0) == 0, "no 500 at any time")
    errors = [status for status in stats.statuses if not status.startswith(("2", "3"))]
    check(
        set(errors) <= {"503", "connection reset", "connection refused", "RemoteDisconnected"},
        f"failures were 503s (or dropped connections), nothing else: {sorted(errors)}",
    )
    if "503" in stats.samples:
        page = stats.samples["503"].decode("utf-8", "replace")
        check(FRIENDLY_503 in page and "Traceback" not in page, "the 503 is the friendly page")
    check(stats.abandoned == 0, "every user resumed and finished every flow (none abandoned)")
    after = snapshot(site)
    finished_before = {k: v for k, v in before.items() if "check" in (v[2] or [])}
    unfinished_before = [k for k, v in before.items() if "check" not in (v[2] or [])]
    intact = all(after.get(k) == v for k, v in finished_before.items())
    print(
        f"drafts before the restart: {len(before)} "
        f"({len(finished_before)} finished, {len(unfinished_before)} in progress)"
    )
    check(intact, f"all {len(finished_before)} drafts finished before the restart are unchanged")
    resumed = all("check" in (after.get(k, [0, 0, []])[2] or []) for k in unfinished_before)
    check(
        resumed,
        f"all {len(unfinished_before)} drafts in progress at the restart were finished afterwards",
    )
    check(check_drafts(site, stats), "drafts in the database == completed flows")


# --- 2. double submit ---------------------------------------------------------------------


def _user(site: Site, number: int) -> SimulatedUser:
    person = SimulatedUser(number, site.base_url, Stats(), retry_for=10)
    person.sign_in()
    return person


def _at_the_check_step(person: SimulatedUser, tag: str) -> tuple[str, str]:
    location, _ = person.call("GET start", "/requests/new/", None, 302)
    path = person.step(local_path(location), "requester", {})
    for step, answers in flow_answers("technical_issue", tag):
        path = person.step(path, step, answers)
    return path, path.split("/")[2]


def _twice(person: SimulatedUser, path: str, form: dict) -> list:
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def send(index):
        barrier.wait()
        try:
            results[index] = person.client.request(path, data=form)[:2]
        except OSError as error:
            results[index] = (type(error).__name__, "")

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def double_submit(site: Site) -> None:
    print("\n== 2. The same POST twice at the same moment (two threads, one session)")
    person = _user(site, 1)
    count_before = len(snapshot(site))

    path, public_id = _at_the_check_step(person, "DOUBLE-CHECK")
    _, html = person.call("GET check", path, None, 200)
    results = _twice(person, path, form_with(html, "-current_step"))
    print(f"  final step x2: {results}")
    check(
        all(r[0] == 302 and r[1].endswith(f"/{public_id}/result/") for r in results),
        "both final-step POSTs end on the result page",
    )

    location, _ = person.call("GET start", "/requests/new/", None, 302)
    first = local_path(location)
    _, html = person.call("GET requester", first, None, 200)
    results = _twice(person, first, form_with(html, "-current_step"))
    print(f"  first step of a new draft x2: {results}")
    check(all(r[0] == 302 for r in results), "both first-step POSTs go on to the next step")

    after = snapshot(site)
    check(len(after) == count_before + 2, f"two drafts, not four ({len(after) - count_before})")
    check("check" in after[public_id][2], "the double-submitted draft is finished once")


# --- 3. session expiry --------------------------------------------------------------------


def session_expiry(site: Site) -> None:
    print("\n== 3. The session ends in the middle of the wizard")
    person = _user(site, 2)
    location, _ = person.call("GET start", "/requests/new/", None, 302)
    path = person.step(local_path(location), "requester", {})
    steps = flow_answers("service_outage", "EXPIRY-1")
    # credit type, customer, the outage, the customer's tenant; then the session ends
    for step, answers in steps[:4]:
        path = person.step(path, step, answers)
    public_id = path.split("/")[2]
    deleted = manage(site.env, "shell", "-v", "0", "-c", DELETE_SESSIONS, capture=True).strip()
    print(f"  sessions deleted: {deleted}; the user was on {path}")
    status, location, _ = person.client.get(path)
    check(status == 302 and "/accounts/login/" in location, "the next page asks to sign in")

    person.sign_in()
    status, location, _ = person.client.get(f"/requests/{public_id}/resume/")
    check(
        status == 302 and location.endswith("/steps/outage-evidence/"),
        f"resume goes to the first unfinished step ({local_path(location)})",
    )
    for step, answers in steps[1:4]:
        _, _, html = person.client.get(f"/requests/{public_id}/steps/{step}/")
        page = html.decode()
        kept = all(
            value.split("\r\n")[0] in page for name, value in answers.items() if name != "advisory"
        )
        check(kept, f"every answer of the completed {step} step is shown again")
    path = f"/requests/{public_id}/steps/outage-evidence/"
    for step, answers in steps[4:]:  # the evidence, the impact, the evidence checklist
        path = person.step(path, step, answers)
    location = person.step(path, "check", {})
    check(location.endswith("/result/"), "the resumed draft is finished")


def main() -> int:
    args = parse_args(
        description=__doc__.splitlines()[0],
        defaults={"users": 20, "duration": 40, "ramp_up": 5},
        extra=lambda parser: parser.add_argument(
            "--restart-at", type=float, default=15, help="seconds into the run to restart"
        ),
    )
    args.no_sqlite = True
    with temporary_site(args, args.users) as site:
        print(f"gunicorn is up on {site.base_url}")
        database_restart(args, site)
        double_submit(site)
        session_expiry(site)
    print()
    if failures:
        print(f"{len(failures)} FAULT CHECK(S) FAILED:")
        for failure in failures:
            print(f"  - {failure}")
        return 1
    print("ALL FAULT SCENARIOS PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
