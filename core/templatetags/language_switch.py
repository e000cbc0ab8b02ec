from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_choices(context):
    """One entry per language: its own name and the current page in that language.

    `next` is already translated, so the switch keeps the learner on the same page
    even without JavaScript.
    """
    request = context["request"]
    here = request.get_full_path()
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "next": translate_url(here, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
