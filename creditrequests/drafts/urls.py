from django.urls import path

from . import views

app_name = "drafts"
urlpatterns = [
    path("", views.my_drafts, name="home"),
    path("drafts/<uuid:public_id>/", views.draft_detail, name="detail"),
]
