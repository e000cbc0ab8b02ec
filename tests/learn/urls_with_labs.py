"""The site's URLs plus a stand-in for the labs app's future `labs:lab` page."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path

import labs.urls
from config.urls import urlpatterns as site


def lab(request, slug):
    return HttpResponse(slug)


labs_with_pages = [*labs.urls.urlpatterns, path("labs/<slug:slug>/", lab, name="lab")]

# admin, the language switch and the sitemap, then the pages with a language prefix
urlpatterns = site[:3] + i18n_patterns(
    path("", include("core.urls")),
    path("accounts/", include("core.account_urls")),
    path("lessons/", include("learn.urls")),
    path("", include((labs_with_pages, "labs"))),
)
