"""The explainer catalogue: a finding (code + params) as a sentence in the learner's language.

Findings come from kubesim.findings (diagnoses) and from the checks (labs/grading/codes.py).
Each code has a sentence with named placeholders; a few codes pick a variant from a parameter
(which probe, what was wrong with an image, where a request came from). Words inside the
parameters that are the learner's own (names, labels, URLs) are never translated.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "unschedulable-taint": _(
        "Pod %(pod)s stays Pending: it does not tolerate the taint %(taints)s, so no node will "
        "take it. Add a matching toleration to the pod, or remove the taint from the node."),
    "unschedulable-affinity": _(
        "Pod %(pod)s stays Pending: no node has the labels its node affinity (or nodeSelector) "
        "requires. Compare `kubectl get nodes --show-labels` with the pod's expressions. The "
        "scheduler says: %(message)s"),
    "unschedulable": _("Pod %(pod)s stays Pending. The scheduler says: %(message)s"),
    "image-pull:name": _(
        "Container %(container)s of pod %(pod)s cannot start (%(reason)s): there is no image "
        "called “%(image)s”. Check the image name for a typo."),
    "image-pull:tag": _(
        "Container %(container)s of pod %(pod)s cannot start (%(reason)s): the repository exists, "
        "but not with the tag in “%(image)s”. Check the tag."),
    "image-pull:format": _(
        "Container %(container)s of pod %(pod)s cannot start (%(reason)s): “%(image)s” is not a "
        "valid image reference."),
    "init-failing": _(
        "Pod %(pod)s never starts its app containers: the init container %(container)s fails "
        "(exit code %(exit_code)s, %(restarts)s restarts). Init containers run one by one, and "
        "each must succeed before the next one starts."),
    "crash-loop": _(
        "Container %(container)s of pod %(pod)s keeps exiting (exit code %(exit_code)s, "
        "%(restarts)s restarts); the kubelet restarts it with a growing back-off "
        "(CrashLoopBackOff)."),
    "probe-wrong-port:readiness": _(
        "The readiness probe of container %(container)s in pod %(pod)s checks port %(port)s, but "
        "nothing listens there (the container listens on %(ports)s). The pod never becomes Ready, "
        "so no Service sends it traffic."),
    "probe-wrong-port:liveness": _(
        "The liveness probe of container %(container)s in pod %(pod)s checks port %(port)s, but "
        "nothing listens there (the container listens on %(ports)s), so the kubelet keeps "
        "killing and restarting the container."),
    "probe-wrong-port:startup": _(
        "The startup probe of container %(container)s in pod %(pod)s checks port %(port)s, but "
        "nothing listens there (the container listens on %(ports)s)."),
    "probe-wrong-path:readiness": _(
        "The readiness probe of container %(container)s in pod %(pod)s asks for %(path)s, which "
        "answers HTTP %(status)s; a probe passes only with a status from 200 to 399. The pod "
        "never becomes Ready."),
    "probe-wrong-path:liveness": _(
        "The liveness probe of container %(container)s in pod %(pod)s asks for %(path)s, which "
        "answers HTTP %(status)s; a probe passes only with a status from 200 to 399, so the "
        "kubelet keeps restarting the container."),
    "probe-wrong-path:startup": _(
        "The startup probe of container %(container)s in pod %(pod)s asks for %(path)s, which "
        "answers HTTP %(status)s; a probe passes only with a status from 200 to 399."),
    "selector-no-match": _(
        "No pod in namespace %(namespace)s has the labels %(selector)s. The pods there have: "
        "%(labels)s."),
    "selector-no-match:service": _(
        "Service %(service)s selects pods labelled %(selector)s, but no pod in namespace "
        "%(namespace)s has those labels (the pods there have: %(labels)s), so the Service has "
        "no endpoints."),
    "wrong-namespace": _(
        "%(name)s was expected in namespace %(expected)s, but it is in namespace %(found)s. "
        "Create it in %(expected)s (`-n %(expected)s` or metadata.namespace)."),
    "target-port-mismatch": _(
        "Service %(service)s forwards port %(port)s to targetPort %(target_port)s, but the pods "
        "do not listen there (pod %(pod)s listens on %(container_ports)s). Set targetPort to the "
        "container's port."),
    "endpoints-missing": _(
        "Service %(service)s has no selector, so Kubernetes creates no Endpoints for it. Create "
        "an Endpoints object with the same name, %(service)s, listing the addresses yourself."),
    "quota-exceeded": _(
        "%(object)s could not create its pods: the namespace's ResourceQuota is used up "
        "(%(message)s)."),
    "service-type-access:nodeport": _(
        "Service %(service)s is of type %(type)s, so it has no port on the nodes: reaching it "
        "through a node's address needs type NodePort (or LoadBalancer)."),
    "service-type-access:loadbalancer": _(
        "Service %(service)s is of type %(type)s, so it gets no load balancer address: that needs "
        "type LoadBalancer."),
    "service-type-access:cluster-ip": _(
        "Service %(service)s is of type %(type)s, so it has no cluster IP to send requests to."),
    "service-type-access:external-name": _(
        "Service %(service)s is of type %(type)s, so DNS answers with its cluster IP, not with a "
        "CNAME: an alias to an outside name needs type ExternalName."),
    "object-missing": _("%(object)s does not exist in namespace %(namespace)s."),
    "value-mismatch": _("%(object)s: %(field)s is “%(observed)s”; expected %(expected)s."),
    "count-mismatch": _(
        "Pods matching %(pods)s in namespace %(namespace)s: %(observed)s; expected %(expected)s."),
    "request-failed": _("A request to %(url)s %(origin)s got “%(observed)s”; expected %(expected)s."),
    "lookup-mismatch": _("Looking up %(name)s %(origin)s gave %(observed)s; expected %(expected)s."),
    "command-mismatch": _("The command “%(command)s” gave “%(observed)s”; expected %(expected)s."),
    "invariant-broken": _("At %(at)s this did not hold: %(what)s (observed: %(observed)s)."),
    "never-happened": _("This never happened: %(what)s."),
    "deadline-missed": _("“%(what)s” took %(took)s; it had to happen within %(within)s."),
    "unexpected-happened": _("This must not happen, but it did at %(at)s: %(what)s."),
    "order-broken": _("“%(then)s” happened without “%(first)s” before it; the order matters here."),
}

# Where a request or lookup came from, as a phrase placed in the sentence.
ORIGINS = {"workstation": _("from your workstation")}
POD_ORIGIN = _("from inside pod %(name)s")


def sentence_key(code: str, params: dict) -> str:
    """The catalogue entry for a finding: its code, or a variant chosen by one parameter."""
    variant = {
        "image-pull": params.get("problem"),
        "probe-wrong-port": params.get("probe"),
        "probe-wrong-path": params.get("probe"),
        "service-type-access": params.get("access"),
        "selector-no-match": "service" if params.get("service") else None,
    }.get(code)
    key = f"{code}:{variant}" if variant else code
    return key if key in SENTENCES else code


def explain(finding, language: str | None = None) -> str:
    """The finding (a kubesim Finding or its dict) as a sentence in `language` (default: the
    active language)."""
    data = finding if isinstance(finding, dict) else finding.as_dict()
    with translation.override(language) if language else _nothing():
        params = {k: _shown(v) for k, v in (data.get("params") or {}).items()}
        if "origin" in params:
            params["origin"] = origin_text(params["origin"])
        template = SENTENCES.get(sentence_key(data["code"], params))
        if template is None:
            return data["code"]
        try:
            return str(template) % params
        except (KeyError, ValueError, TypeError):
            return data["code"]


def origin_text(origin: str) -> str:
    if origin in ORIGINS:
        return str(ORIGINS[origin])
    return str(POD_ORIGIN) % {"name": origin.split("/", 1)[-1]}


def _shown(value) -> str:
    if value is None or value == "":
        return "-"
    return str(value)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
