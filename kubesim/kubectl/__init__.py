"""kubectl's pure text machinery: selectors, JSONPath templates and output printers.

Nothing here touches the cluster: every function takes objects (plain dicts shaped exactly as
the Kubernetes API returns them) and, where time matters, the virtual "now", and returns text
or data. The command dispatch that reads the store lives elsewhere and calls into these modules.
"""
