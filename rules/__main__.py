"""`python -m rules`: see rules/cli.py."""

import os
import sys

from rules.cli import main

try:
    status = main()
except BrokenPipeError:
    # The reader went away (`| head`): stop quietly; Python would otherwise complain at exit.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    status = 1
raise SystemExit(status)
