"""kube-controller-manager of the simulated cluster.

`install(cluster)` registers every controller loop: each has its module here, watches the
store only to enqueue keys, and converges one object per `sync(key)`.
"""

from importlib import import_module

from .manager import Manager

# Each module has `install(manager)`. LoadBalancer addresses come from kubesim.network's
# stand-in cloud controller, which steps aside if a `cloud` module appears here.
MODULES = ("replicaset", "deployment", "statefulset", "daemonset", "job", "garbage_collector", "namespace",
           "serviceaccount", "node_lifecycle", "volumes", "resourcequota")


def install(cluster) -> Manager:
    manager = Manager(cluster)
    cluster.controller_manager = manager
    for name in MODULES:
        import_module(f"{__name__}.{name}").install(manager)
    return manager
