from django.urls import path

from . import views

app_name = "batches"
urlpatterns = [
    path("from/<uuid:public_id>/", views.new_batch, name="new"),
    path("<uuid:public_id>/", views.batch_detail, name="detail"),
    path("<uuid:public_id>/review/", views.batch_review, name="review"),
]
