"""WSGI entry point for gunicorn (`make serve`).

The language model of the English check (creditrequests/english.py) is loaded here,
when a worker starts, not on the first Check your answers page it serves: that load
(0.7 s of CPU, 2.5 s on a busy machine) held up every thread of the worker, and
`make loadtest` saw GET check at p99 8-13 s on a slow afternoon (docs/performance.md).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "creditrequests.settings")

application = get_wsgi_application()

from creditrequests import english  # noqa: E402  (needs the apps loaded above)

english.warm_up()
