"""Every page lives under a language prefix (/en/..., /zh-hans/...);
the admin, the language switch and WebSockets (config/asgi.py) do not."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import set_language

from labs.sitemaps import LabSitemap
from learn.sitemaps import LessonSitemap, PagesSitemap

# One section per kind of page; every URL is listed in each language with its alternates.
SITEMAPS = {
    "pages": PagesSitemap,
    "lessons": LessonSitemap,
    "labs": LabSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS},
         name="django.contrib.sitemaps.views.sitemap"),
]

urlpatterns += i18n_patterns(
    path("", include("core.urls")),
    path("accounts/", include("core.account_urls")),
    path("lessons/", include("learn.urls")),
    path("", include("labs.urls")),
    path("teach/", include("teach.urls")),
    prefix_default_language=True,
)
