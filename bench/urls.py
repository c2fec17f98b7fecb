"""The project's URLs (and its error handlers) plus the bare comparison page."""

from django.urls import path

from creditrequests import benchpage
from creditrequests.urls import handler400, handler500
from creditrequests.urls import urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler500", "urlpatterns"]

urlpatterns = [
    path("bench/bare-form/", benchpage.bare_form, name="bench_bare_form"),
    *project_urlpatterns,
]
