"""Log in, log out (POST only, as in Django 5) and sign up.

The names are not namespaced so that Django's LOGIN_URL = "login" convention holds."""

from django.contrib.auth import views as auth_views
from django.urls import path

from core import login, views

urlpatterns = [
    path("login/", login.LoginView.as_view(), name="login"),  # rate-limited: core/login.py
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
]
