"""The course's topic ids, in the notes' order (`../shared/TOPICS.md`; a test keeps them equal).

Every lesson and lab names one of these in its `topic:` field.
"""

TOPIC_IDS = [
    "pod-basics",
    "pod-lifecycle",
    "pause-container",
    "init-containers",
    "post-start",
    "probes",
    "api-server",
    "controller-manager",
    "cloud-controller-manager",
    "kube-proxy-modes",
    "label-selectors",
    "rolling-update",
    "deployment-strategies",
    "statefulset-ordering",
    "ingress-nginx",
    "services",
    "headless-services",
    "access-services",
    "access-pods",
    "proxies",
]
