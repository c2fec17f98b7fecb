from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from creditrequests import health, language, two_factor


class FaviconRedirect(RedirectView):
    """/favicon.ico, asked for by browsers on pages without <link rel="icon"> (a .txt download)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")  # at request time: the manifest exists by then


urlpatterns = [
    path("", include("creditrequests.drafts.urls")),
    path("requests/", include("creditrequests.wizard.urls")),
    path("customers/", include("creditrequests.customers.urls")),
    path("", include("creditrequests.evidence_files.urls")),
    path("batches/", include("creditrequests.batches.urls")),
    # Sign-in is throttled by django-axes (creditrequests/accounts.py). There is no
    # anonymous password reset: an administrator sets a new password (docs/security.md).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/two-factor/",
        include(
            (
                [
                    path("", two_factor.overview, name="overview"),
                    path("verify/", two_factor.verify, name="verify"),
                    path("setup/", two_factor.setup, name="setup"),
                ],
                "two_factor",
            )
        ),
    ),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin signs in through the same throttled form.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages without the <link rel="icon"> (PDFs, errors).
    path("favicon.ico", FaviconRedirect.as_view(), name="favicon"),
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
]

handler400 = "creditrequests.errors.bad_request"
handler500 = "creditrequests.errors.server_error"
