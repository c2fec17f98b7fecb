from django.urls import path

from . import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list, name="list"),
    path("add/", views.customer_add, name="add"),
    path("import/", views.customer_import, name="import"),
    path("<int:pk>/", views.customer_edit, name="edit"),
    path("<int:pk>/archive/", views.customer_archive, name="archive"),
]
