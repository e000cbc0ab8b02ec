"""Which columns and row builder each kind uses for `kubectl get`, and the tables they make.

Source of truth for columns: kubernetes/kubernetes pkg/printers/internalversion/printers.go
(AddHandlers), read at a 1.37-dev copy through the search tool. Kinds the API server has no
printer for use its default table (NAME, CREATED AT); unknown kinds fall back to NAME, AGE.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import cluster, network, pods, workloads
from .duration import Now
from .table import Column, Row, Table

RowBuilder = Callable[[dict, Now], Row]

PRINTERS: dict[str, tuple[list[Column], RowBuilder]] = {
    "Pod": (pods.POD_COLUMNS, pods.pod_row),
    "Deployment": (workloads.DEPLOYMENT_COLUMNS, workloads.deployment_row),
    "ReplicaSet": (workloads.REPLICASET_COLUMNS, workloads.replicaset_row),
    "ReplicationController": (workloads.RC_COLUMNS, workloads.replicationcontroller_row),
    "StatefulSet": (workloads.STATEFULSET_COLUMNS, workloads.statefulset_row),
    "DaemonSet": (workloads.DAEMONSET_COLUMNS, workloads.daemonset_row),
    "Job": (workloads.JOB_COLUMNS, workloads.job_row),
    "CronJob": (workloads.CRONJOB_COLUMNS, workloads.cronjob_row),
    "HorizontalPodAutoscaler": (workloads.HPA_COLUMNS, workloads.hpa_row),
    "PodDisruptionBudget": (workloads.PDB_COLUMNS, workloads.pdb_row),
    "Service": (network.SERVICE_COLUMNS, network.service_row),
    "Endpoints": (network.ENDPOINTS_COLUMNS, network.endpoints_row),
    "EndpointSlice": (network.ENDPOINTSLICE_COLUMNS, network.endpointslice_row),
    "Ingress": (network.INGRESS_COLUMNS, network.ingress_row),
    "IngressClass": (network.INGRESSCLASS_COLUMNS, network.ingressclass_row),
    "NetworkPolicy": (network.NETWORKPOLICY_COLUMNS, network.networkpolicy_row),
    "Node": (cluster.NODE_COLUMNS, cluster.node_row),
    "Namespace": (cluster.NAMESPACE_COLUMNS, cluster.namespace_row),
    "ConfigMap": (cluster.CONFIGMAP_COLUMNS, cluster.configmap_row),
    "Secret": (cluster.SECRET_COLUMNS, cluster.secret_row),
    "ServiceAccount": (cluster.SERVICEACCOUNT_COLUMNS, cluster.serviceaccount_row),
    "PersistentVolume": (cluster.PV_COLUMNS, cluster.pv_row),
    "PersistentVolumeClaim": (cluster.PVC_COLUMNS, cluster.pvc_row),
    "StorageClass": (cluster.STORAGECLASS_COLUMNS, cluster.storageclass_row),
    "Event": (cluster.EVENT_COLUMNS, cluster.event_row),
    "RoleBinding": (cluster.BINDING_COLUMNS, cluster.binding_row),
    "ClusterRoleBinding": (cluster.BINDING_COLUMNS, cluster.binding_row),
    "ResourceQuota": (cluster.RESOURCEQUOTA_COLUMNS, cluster.resourcequota_row),
    "Lease": (cluster.LEASE_COLUMNS, cluster.lease_row),
    "PriorityClass": (cluster.PRIORITYCLASS_COLUMNS, cluster.priorityclass_row),
}

# Built-in kinds served without a printer: the API server's default table.
CREATED_AT_KINDS = {"Role", "ClusterRole", "LimitRange"}

# Builders whose text depends on -o wide beyond hiding columns (load-balancer clipping).
_WIDE_AWARE = {"Service": network.service_row, "Ingress": network.ingress_row}


def printer_for(kind: str) -> tuple[list[Column], RowBuilder]:
    if kind in PRINTERS:
        return PRINTERS[kind]
    if kind in CREATED_AT_KINDS:
        return cluster.CREATED_AT_COLUMNS, cluster.created_at_row
    return cluster.GENERIC_COLUMNS, cluster.generic_row


def build_table(kind: str, objects: Iterable[dict], now: Now, wide: bool = False) -> Table:
    """The table the API server would return for `kind`, every row in full (wide) form."""
    cols, builder = printer_for(kind)
    if kind in _WIDE_AWARE:
        rows = [_WIDE_AWARE[kind](obj, now, wide) for obj in objects]
    else:
        rows = [builder(obj, now) for obj in objects]
    return Table(list(cols), rows)
