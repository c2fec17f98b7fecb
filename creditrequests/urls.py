from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from creditrequests import health, language
from creditrequests.accounts import ThrottledLoginView

urlpatterns = [
    path("", include("creditrequests.drafts.urls")),
    path("requests/", include("creditrequests.wizard.urls")),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin signs in through the same throttled form.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
]

handler400 = "creditrequests.errors.bad_request"
handler500 = "creditrequests.errors.server_error"
