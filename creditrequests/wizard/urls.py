from django.urls import path

from . import views

app_name = "wizard"

step_view = views.CreditRequestWizard.as_view(url_name="wizard:step")

urlpatterns = [
    path("new/", views.start, name="start"),
    path("<uuid:public_id>/resume/", views.resume, name="resume"),
    path("<uuid:public_id>/result/", views.result, name="result"),
    path("<uuid:public_id>/too-late/", views.too_late, name="too_late"),
    path("<uuid:public_id>/details.txt", views.download, name="download"),
    path("<uuid:public_id>/steps/<slug:step>/", step_view, name="step"),
]
