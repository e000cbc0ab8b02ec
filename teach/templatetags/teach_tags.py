from django import template

register = template.Library()


@register.filter
def lab_title(lab, language: str) -> str:
    """A lab's title in the reader's language (English, then the slug, when missing)."""
    return lab.title(language)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def is_instructor(user) -> bool:
    """For the header: only instructors (and staff) see the way to the authoring area."""
    from teach.access import is_instructor as check

    return check(user)
