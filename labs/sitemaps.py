"""The labs' sitemap section: the lab list and every active lab, in every language."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from labs.models import Lab


class LabSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["labs:index", *Lab.objects.filter(active=True).order_by("slug").only("slug", "updated")]

    def location(self, item):
        if isinstance(item, str):
            return reverse(item)
        return reverse("labs:lab", args=[item.slug])

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated
