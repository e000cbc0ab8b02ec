from django.urls import path

from learn import views

app_name = "learn"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("<slug:slug>/", views.lesson, name="lesson"),
    path("<slug:slug>/read/", views.mark_read, name="mark_read"),
]
