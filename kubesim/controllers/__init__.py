"""kube-controller-manager (and cloud-controller-manager) of the simulated cluster.

`install(cluster)` registers every controller loop: each has its module here, watches the
store only to enqueue keys, and converges one object per `sync(key)`.
"""

from importlib import import_module

from .manager import Manager

# In the order kube-controller-manager lists them; each module has `install(manager)`.
MODULES = ("replicaset", "deployment", "statefulset", "daemonset", "job", "garbage_collector", "namespace",
           "serviceaccount", "node_lifecycle", "volumes", "resourcequota", "cloud")


def install(cluster) -> Manager:
    manager = Manager(cluster)
    cluster.controller_manager = manager
    for name in MODULES:
        try:
            module = import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{name}":
                raise
            continue
        module.install(manager)
    return manager
