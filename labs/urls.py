from django.urls import path

from labs import lab_views, views

app_name = "labs"

urlpatterns = [
    path("labs/", lab_views.index, name="index"),
    path("labs/attempts/<int:attempt_id>/", lab_views.attempt, name="attempt"),
    path("labs/attempts/<int:attempt_id>/replay/", lab_views.replay, name="replay"),
    path("labs/<slug:slug>/", lab_views.lab, name="lab"),
    path("labs/<slug:slug>/hints/", lab_views.hint, name="hint"),
    path("labs/<slug:slug>/submit/", lab_views.submit, name="submit"),
    path("sandbox/", views.sandbox, name="sandbox"),
    path("sandbox/mine/", views.my_sandboxes, name="mine"),
    path("sandbox/new/", views.sandbox_new, name="new"),
    path("sandbox/<int:sandbox_id>/", views.sandbox_detail, name="sandbox_detail"),
    path("sandbox/<int:sandbox_id>/act/", views.sandbox_act, name="act"),
    path("sandbox/<int:sandbox_id>/rename/", views.sandbox_rename, name="rename"),
    path("sandbox/<int:sandbox_id>/reset/", views.sandbox_reset, name="reset"),
    path("sandbox/<int:sandbox_id>/delete/", views.sandbox_delete, name="delete"),
]
