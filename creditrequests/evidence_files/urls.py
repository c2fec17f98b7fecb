from django.urls import path

from . import package, views

app_name = "evidence_files"
urlpatterns = [
    path("drafts/<uuid:public_id>/files/", views.evidence_files, name="list"),
    path("drafts/<uuid:public_id>/files/<uuid:file_id>/", views.download, name="download"),
    path("drafts/<uuid:public_id>/files/<uuid:file_id>/remove/", views.remove, name="remove"),
    path("drafts/<uuid:public_id>/filing-package.zip", package.filing_package, name="package"),
]
