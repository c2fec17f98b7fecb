"""Instructions per request of a wizard step and the bare form page, counted by valgrind.

    .venv/bin/python bench/step_instructions.py [--requests 20]      (make instructions)

Wall-clock figures on a shared machine move with whatever else runs (make bench takes
the wizard and the bare page in turns for that reason, and its ratios still move by
0.1-0.2x between runs). valgrind's callgrind counts the instructions the CPU executes
instead: the same code gives the same count, however busy the machine is, so a change's
effect can be told from noise with one run before and one after.

The script re-runs itself under `valgrind --tool=callgrind --instr-atstart=no`: the
set-up of bench/profile_step.py (a temporary SQLite database, a signed-in Admin agent,
a draft up to the customer step) runs uncounted; each case is sent 20 times to warm up,
then counting is switched on (callgrind_control) for `--requests` requests and the count
is read from callgrind's dump. Cases as in `make bench`: GET, a POST of the same answers
again (a double click: nothing new to save) and a POST of new answers (two customer
names in turn: the draft and its history are saved), each for the wizard and the bare
page, in process through Django's test client (no gunicorn). It prints millions of
instructions per request and the ratio wizard / bare. It asserts nothing. Needs
valgrind (Debian's package); it takes about two minutes.
"""

import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

UNDER_VALGRIND = "STEP_INSTRUCTIONS_COUNTING"
CASES = ("GET", "POST same answers", "POST new answers")


def callgrind(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], check=True, capture_output=True)  # noqa: S603, S607


def count(requests: int) -> None:
    """Under valgrind: send each case, counting `requests` of them into one dump each."""
    from bench import profile_step

    with tempfile.TemporaryDirectory(prefix="step-instructions-") as folder:
        profile_step.configure(Path(folder))
        client = profile_step.signed_in_client()
        path, wizard_form = profile_step.customer_step(client)
        bare, bare_form = (
            "/bench/bare-form/",
            {"customer_name": "Contoso Ltd", "partner_reference": "X"},
        )
        names = ("Contoso Ltd", "Fabrikam Inc")
        wizard_new = itertools.cycle(
            {key: value for key, value in wizard_form.items() if key != "draft_version"}
            | {"customer-customer_name": [name]}
            for name in names
        )
        bare_new = itertools.cycle(bare_form | {"customer_name": name} for name in names)
        sends = [  # wizard, then bare, for each of CASES
            lambda: client.get(path),
            lambda: client.get(bare),
            lambda: client.post(path, wizard_form),
            lambda: client.post(bare, bare_form),
            lambda: client.post(path, next(wizard_new)),
            lambda: client.post(bare, next(bare_new)),
        ]
        for number, send in enumerate(sends):
            for _ in range(20):
                send()
            callgrind("--zero")
            callgrind("--instr=on")
            for _ in range(requests):
                send()
            callgrind("--instr=off")
            callgrind(f"--dump={number}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="counted requests per case")
    args = parser.parse_args()
    if os.environ.get(UNDER_VALGRIND):
        count(args.requests)
        return
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed (Debian: apt-get install -y valgrind)")
    with tempfile.TemporaryDirectory(prefix="callgrind-") as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
            sys.executable, __file__, "--requests", str(args.requests),
        ]  # fmt: skip
        print(f"Counting under valgrind ({args.requests} requests a case) ...", flush=True)
        run = subprocess.run(  # noqa: S603
            command, env={**os.environ, UNDER_VALGRIND: "1"}, capture_output=True, text=True
        )
        dumps = sorted(Path(folder).glob("callgrind.out.*"), key=lambda p: int(p.suffix[1:]))
        if run.returncode or len(dumps) != 2 * len(CASES):
            sys.exit(f"valgrind run failed (exit {run.returncode}):\n{run.stderr[-3000:]}")
        counts = [
            int(re.search(r"^totals: (\d+)", dump.read_text(), re.MULTILINE)[1]) / args.requests
            for dump in dumps
        ]
    print()
    print("Instructions per request, in process (Django test client), counted by callgrind")
    print(f"{'case':<20} {'wizard M':>9} {'bare M':>9} {'ratio':>7}")
    for number, case in enumerate(CASES):
        wizard, bare = counts[2 * number], counts[2 * number + 1]
        print(f"{case:<20} {wizard / 1e6:>9.2f} {bare / 1e6:>9.2f} {wizard / bare:>6.2f}x")


if __name__ == "__main__":
    main()
