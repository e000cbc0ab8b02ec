"""What several browser tests share: the page types and the accessibility check."""

PAGE_TYPES = {
    "home": "/en/",
    "lessons": "/en/lessons/",
    "lesson": "/en/lessons/pod-basics/",  # with a diagram
    "lesson-long": "/en/lessons/ingress-nginx/",  # long commands and outputs
    "lesson-search": "/en/lessons/search/?q=pod",
    "labs": "/en/labs/",
    "sandbox": "/en/sandbox/",
    "my sandboxes": "/en/sandbox/mine/",
    "login": "/en/accounts/login/",
    "signup": "/en/accounts/signup/",
    "credits": "/en/credits/",
}

BLOCKING_IMPACTS = {"serious", "critical"}


def blocking_violations(axe, page):
    """axe-core's serious and critical findings on the page, one readable line each."""
    violations = axe.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]
