"""Settings for `bench/wizard_bench.py`: the real settings plus the bare comparison page.

STATIC_ROOT comes from the environment so the benchmark collects static files into a
temporary folder instead of the project's.
"""

import os

from creditrequests.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("STATIC_ROOT", STATIC_ROOT)  # noqa: F405
