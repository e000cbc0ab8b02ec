"""`kubectl describe` for Namespaces (with quotas), ConfigMaps, Secrets, ServiceAccounts and
ResourceQuotas."""

import base64

from kubesim.kubectl.describe import Related, describe

from .objects import NOW, ts


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


QUOTA = {
    "apiVersion": "v1", "kind": "ResourceQuota",
    "metadata": {"name": "learner-quota", "namespace": "learner"},
    "spec": {"hard": {"pods": "10", "requests.cpu": "2", "requests.memory": "2Gi"}},
    "status": {"hard": {"pods": "10", "requests.cpu": "2", "requests.memory": "2Gi"},
               "used": {"pods": "3", "requests.cpu": "350m", "requests.memory": "192Mi"}},
}


def namespace():
    ns = {"apiVersion": "v1", "kind": "Namespace",
          "metadata": {"name": "default", "labels": {"kubernetes.io/metadata.name": "default"}},
          "status": {"phase": "Active"}}
    return ns, None, Related()


def namespace_with_quota():
    ns = {"apiVersion": "v1", "kind": "Namespace",
          "metadata": {"name": "learner", "labels": {"kubernetes.io/metadata.name": "learner"}},
          "status": {"phase": "Active"}}
    return ns, None, Related.from_objects([("resourcequotas", QUOTA)])


def terminating_namespace():
    ns = {"apiVersion": "v1", "kind": "Namespace",
          "metadata": {"name": "old", "deletionTimestamp": ts(280)},
          "status": {"phase": "Terminating", "conditions": [
              {"type": "NamespaceContentRemaining", "status": "True", "lastTransitionTime": ts(281),
               "reason": "SomeResourcesRemain", "message": "Some resources are remaining: pods. has 1 resource instances"}]}}
    return ns, None, Related()


def resource_quota():
    return QUOTA, None, Related()


def configmap():
    cm = {"apiVersion": "v1", "kind": "ConfigMap",
          "metadata": {"name": "game-config", "namespace": "default"},
          "data": {"game.properties": "enemies=aliens\nlives=3\n", "ui.properties": "color.good=purple"},
          "binaryData": {"logo.png": b64("\x89PNG....")}}
    return cm, [], Related()


def secret():
    s = {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
         "metadata": {"name": "db", "namespace": "default"},
         "data": {"password": b64("S!B\\*d$zDsb="), "username": b64("admin")}}
    return s, [], Related()


def token_secret():
    s = {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
         "metadata": {"name": "build-robot", "namespace": "default",
                      "annotations": {"kubernetes.io/service-account.name": "build-robot",
                                      "kubernetes.io/service-account.uid": "da68f9c6"}},
         "data": {"ca.crt": b64("-----BEGIN CERTIFICATE-----\n"), "namespace": b64("default"),
                  "token": b64("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")}}
    return s, [], Related()


def service_account():
    sa = {"apiVersion": "v1", "kind": "ServiceAccount",
          "metadata": {"name": "build-robot", "namespace": "default"},
          "imagePullSecrets": [{"name": "registry-a"}, {"name": "registry-b"}]}
    return sa, [], Related()


def _text(factory):
    obj, events, related = factory()
    return describe(obj, events=events, related=related, now=NOW)


def test_it_describes_a_namespace_without_quota_or_limit_range():
    assert _text(namespace) == """\
Name:         default
Labels:       kubernetes.io/metadata.name=default
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.
"""


def test_it_lists_the_quotas_of_a_namespace():
    assert _text(namespace_with_quota) == """\
Name:         learner
Labels:       kubernetes.io/metadata.name=learner
Annotations:  <none>
Status:       Active

Resource Quotas
  Name:            learner-quota
  Resource         Used   Hard
  --------         ---    ---
  pods             3      10
  requests.cpu     350m   2
  requests.memory  192Mi  2Gi

No LimitRange resource.
"""


def test_it_shows_the_conditions_of_a_terminating_namespace():
    assert _text(terminating_namespace) == """\
Name:         old
Labels:       <none>
Annotations:  <none>
Status:       Terminating
Conditions:
  Type                       Status  LastTransitionTime               Reason               Message
  ----                       ------  ------------------               ------               -------
  NamespaceContentRemaining  True    Thu, 01 Jan 2026 00:04:41 +0000  SomeResourcesRemain  Some resources are remaining: pods. has 1 resource instances

No resource quota.

No LimitRange resource.
"""


def test_it_describes_a_resource_quota():
    assert _text(resource_quota) == """\
Name:            learner-quota
Namespace:       learner
Resource         Used   Hard
--------         ----   ----
pods             3      10
requests.cpu     350m   2
requests.memory  192Mi  2Gi
"""


def test_it_describes_a_configmap_with_data_and_binary_data():
    assert _text(configmap) == """\
Name:         game-config
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
game.properties:
----
enemies=aliens
lives=3


ui.properties:
----
color.good=purple


BinaryData
====
logo.png: 9 bytes

Events:  <none>
"""


def test_it_shows_secret_sizes_not_values():
    assert _text(secret) == """\
Name:         db
Namespace:    default
Labels:       <none>
Annotations:  <none>

Type:  Opaque

Data
====
password:  12 bytes
username:  5 bytes
"""


def test_it_shows_a_service_account_token_in_clear():
    assert _text(token_secret) == """\
Name:         build-robot
Namespace:    default
Labels:       <none>
Annotations:  kubernetes.io/service-account.name: build-robot
              kubernetes.io/service-account.uid: da68f9c6

Type:  kubernetes.io/service-account-token

Data
====
ca.crt:     28 bytes
namespace:  7 bytes
token:      eyJhbGciOiJSUzI1NiJ9.e30.c2ln
"""


def test_it_describes_a_service_account_with_pull_secrets():
    assert _text(service_account) == """\
Name:                build-robot
Namespace:           default
Labels:              <none>
Annotations:         <none>
Image pull secrets:  registry-a
                     registry-b
Events:              <none>
"""
