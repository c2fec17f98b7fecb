"""Page times of My drafts and the review queue with 100,000 drafts. Run by hand, not in CI.

    .venv/bin/python bench/pages.py          # SQLite (a scratch file in /tmp)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/creditwizard_bench \
        .venv/bin/python bench/pages.py

It migrates the database, tops it up to --count drafts with `seed_drafts` (one organisation,
20 drafters, a reviewer), then requests each page --runs times through Django's test client
(the whole stack: middleware, session, queries, template) and prints p50 / p95 in ms.
The target is p95 < 100 ms.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'creditwizard-bench.sqlite3'}"
)


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database named in DATABASE_URL if it does not exist yet."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"]
    if url.startswith(("postgres://", "postgresql://")):
        ensure_postgres_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from creditrequests.models import CreditRequestDraft, DraftStatus, User
    from creditrequests.two_factor import PENDING

    call_command("migrate", verbosity=0)
    call_command("seed_drafts", count=args.count)
    with connection.cursor() as cursor:
        # Planner statistics and (PostgreSQL) the visibility map for index-only counts, as
        # autovacuum keeps them in production; on SQLite run `PRAGMA optimize` now and then.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    drafter = User.objects.get(username="bench-drafter-00")
    reviewer = User.objects.get(username="bench-reviewer")
    organisation = drafter.organisation
    total = CreditRequestDraft.objects.filter(organisation=organisation).count()
    own = CreditRequestDraft.objects.filter(owner=drafter).count()
    queue = CreditRequestDraft.objects.filter(
        organisation=organisation, status=DraftStatus.READY_FOR_REVIEW
    ).count()
    print(
        f"{connection.vendor}: {total} drafts in the organisation; "
        f"{own} owned by {drafter.username}; {queue} in the review queue; {args.runs} runs each"
    )

    home, review_queue = reverse("drafts:home"), reverse("drafts:review_queue")
    pages = [
        ("My drafts", drafter, home, {}),
        ("My drafts, page 100", drafter, home, {"page": 100}),
        ("My drafts, search + filter", drafter, home, {"q": "contoso", "status": "in_progress"}),
        ("Review queue", reviewer, review_queue, {}),
        ("Review queue, page 400", reviewer, review_queue, {"page": 400}),
        ("Review queue, search", reviewer, review_queue, {"q": "CR-0012"}),
    ]
    print(f"{'page':<30} {'p50 ms':>8} {'p95 ms':>8}")
    for label, user, path, params in pages:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        session = client.session  # the reviewer's second factor: as if the code was given
        if session.pop(PENDING, None):
            session.save()
        for _ in range(3):  # warm up: connection, template cache
            assert client.get(path, params).status_code == 200
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(path, params)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        print(f"{label:<30} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f}")


if __name__ == "__main__":
    main()
