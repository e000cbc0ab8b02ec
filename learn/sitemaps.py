"""Sitemap sections for the pages this app and core publish, in every language."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from learn.models import Lesson


class PagesSitemap(Sitemap):
    """Fixed pages: the home page and the course page."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["core:home", "learn:index"]

    def location(self, item):
        return reverse(item)


class LessonSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Lesson.objects.order_by("order", "slug")
