"""The project's URLs plus the bare comparison page (unless creditrequests/urls.py has it)."""

from django.urls import path

from creditrequests import benchpage
from creditrequests.urls import handler500
from creditrequests.urls import urlpatterns as project_urlpatterns

__all__ = ["handler500", "urlpatterns"]

urlpatterns = list(project_urlpatterns)
if not any(getattr(pattern, "name", None) == "bench_bare_form" for pattern in urlpatterns):
    urlpatterns.insert(0, path("bench/bare-form/", benchpage.bare_form, name="bench_bare_form"))
