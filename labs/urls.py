from django.urls import path

from labs import views

app_name = "labs"

urlpatterns = [
    path("labs/", views.index, name="index"),
    path("sandbox/", views.sandbox, name="sandbox"),
]
