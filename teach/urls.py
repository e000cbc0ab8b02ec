from django.urls import path

from teach.views import authoring, classes, join

app_name = "teach"

urlpatterns = [
    path("", authoring.index, name="index"),
    path("labs/new/", authoring.lab_new, name="lab_new"),
    path("labs/import/", authoring.lab_import, name="lab_import"),
    path("labs/<slug:slug>/", authoring.lab_edit, name="lab_edit"),
    path("labs/<slug:slug>/save/", authoring.lab_save, name="lab_save"),
    path("labs/<slug:slug>/check/", authoring.lab_check, name="lab_check"),
    path("labs/<slug:slug>/run/", authoring.lab_run, name="lab_run"),
    path("labs/<slug:slug>/preview/", authoring.lab_preview, name="lab_preview"),
    path("labs/<slug:slug>/export/", authoring.lab_export, name="lab_export"),
    path("labs/<slug:slug>/copy/", authoring.lab_copy, name="lab_copy"),
    path("labs/<slug:slug>/publish/", authoring.lab_publish, name="lab_publish"),
    path("classes/", classes.classes, name="classes"),
    path("classes/<int:class_id>/", classes.class_detail, name="class"),
    path("classes/<int:class_id>/labs/", classes.class_labs, name="class_labs"),
    path("classes/<int:class_id>/learners/<int:user_id>/", classes.class_learner, name="class_learner"),
    path("classes/<int:class_id>/grades.csv", classes.class_csv, name="class_csv"),
    path("join/", join.join, name="join"),
]
