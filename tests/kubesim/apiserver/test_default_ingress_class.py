"""The DefaultIngressClass admission plugin: an Ingress that names no class gets the default one."""

from kubesim.cluster import Cluster

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
{annotations}spec:
{klass}  defaultBackend:
    service:
      name: web
      port:
        number: 80
"""


def created_class(klass: str = "", annotations: str = "", cluster: Cluster | None = None) -> str:
    cluster = cluster or Cluster(seed=0, nodes=1)
    result = cluster.run("kubectl apply -f -", INGRESS.format(klass=klass, annotations=annotations))
    assert result.exit_code == 0, result.stderr
    return cluster.run("kubectl get ingress web -o jsonpath={.spec.ingressClassName}").stdout


def test_it_gives_an_ingress_without_a_class_the_default_one():
    assert created_class() == "nginx"


def test_it_keeps_a_class_named_by_the_field_or_the_old_annotation():
    assert created_class(klass="  ingressClassName: other\n") == "other"
    assert created_class(annotations="  annotations:\n    kubernetes.io/ingress.class: nginx\n") == ""


def test_it_leaves_the_class_empty_when_no_class_is_the_default():
    cluster = Cluster(seed=0, nodes=1)
    cluster.run("kubectl annotate ingressclass nginx ingressclass.kubernetes.io/is-default-class-")
    assert created_class(cluster=cluster) == ""
