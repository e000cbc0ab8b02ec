"""`kubectl describe` for PersistentVolumeClaims, PersistentVolumes, StorageClasses, Roles,
ClusterRoles and bindings."""

from kubesim.kubectl.describe import Related, describe
from kubesim.kubectl.describe.rbac import combine_resource_group

from .objects import NOW, ts


def pvc():
    claim = {
        "apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": {"name": "web-data", "namespace": "default", "uid": "uid-pvc", "creationTimestamp": ts(0),
                     "finalizers": ["kubernetes.io/pvc-protection"],
                     "annotations": {"pv.kubernetes.io/bind-completed": "yes",
                                     "volume.kubernetes.io/selected-node": "kind-worker",
                                     "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path"}},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                 "storageClassName": "standard", "volumeMode": "Filesystem",
                 "volumeName": "pvc-3f2a9c1e"},
        "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}},
    }
    user = {"kind": "Pod", "metadata": {"name": "web", "namespace": "default", "uid": "uid-web"},
            "spec": {"volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "web-data"}}]}}
    other = {"kind": "Pod", "metadata": {"name": "other", "namespace": "default"}, "spec": {}}
    events = [{"kind": "Event", "type": "Normal", "reason": "WaitForFirstConsumer",
               "message": "waiting for first consumer to be created before binding",
               "source": {"component": "persistentvolume-controller"}, "count": 1,
               "firstTimestamp": ts(0), "lastTimestamp": ts(0)},
              {"kind": "Event", "type": "Normal", "reason": "ProvisioningSucceeded",
               "message": "Successfully provisioned volume pvc-3f2a9c1e", "reportingComponent": "",
               "source": {"component": "rancher.io/local-path_local-path-provisioner-7577fdbbfb-8lzxq"},
               "count": 1, "firstTimestamp": ts(8), "lastTimestamp": ts(8)}]
    return claim, events, Related.from_objects([("pods", user), ("pods", other)])


def pending_pvc():
    claim = {
        "apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": {"name": "cache", "namespace": "default", "finalizers": ["kubernetes.io/pvc-protection"]},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "512Mi"}},
                 "storageClassName": "standard", "volumeMode": "Filesystem"},
        "status": {"phase": "Pending"},
    }
    return claim, [], Related()


def pv():
    volume = {
        "apiVersion": "v1", "kind": "PersistentVolume",
        "metadata": {"name": "pvc-3f2a9c1e", "finalizers": ["kubernetes.io/pv-protection"],
                     "annotations": {"local.path.provisioner/selected-node": "kind-worker",
                                     "pv.kubernetes.io/provisioned-by": "rancher.io/local-path"}},
        "spec": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
                 "claimRef": {"kind": "PersistentVolumeClaim", "name": "web-data", "namespace": "default"},
                 "hostPath": {"path": "/var/local-path-provisioner/pvc-3f2a9c1e_default_web-data",
                              "type": "DirectoryOrCreate"},
                 "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                     {"key": "kubernetes.io/hostname", "operator": "In", "values": ["kind-worker"]}]}]}},
                 "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "standard",
                 "volumeMode": "Filesystem"},
        "status": {"phase": "Bound"},
    }
    return volume, [], Related()


def storage_class():
    sc = {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
          "metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
          "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete",
          "volumeBindingMode": "WaitForFirstConsumer"}
    return sc, [], Related()


def role():
    r = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
         "metadata": {"name": "pod-reader", "namespace": "default"},
         "rules": [{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "watch", "list"]},
                   {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get"],
                    "resourceNames": ["web", "api"]},
                   {"apiGroups": ["apps"], "resources": ["deployments/scale"], "verbs": ["update", "patch"]},
                   {"apiGroups": [""], "resources": ["pods"], "verbs": ["delete"]}]}
    return r, None, Related()


def cluster_role():
    r = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
         "metadata": {"name": "health-checker", "labels": {"team": "ops"}},
         "rules": [{"nonResourceURLs": ["/healthz", "/healthz/*"], "verbs": ["get"]},
                   {"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}
    return r, None, Related()


def role_binding():
    b = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
         "metadata": {"name": "read-pods", "namespace": "default"},
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pod-reader"},
         "subjects": [{"kind": "User", "name": "jane", "apiGroup": "rbac.authorization.k8s.io"},
                      {"kind": "ServiceAccount", "name": "build-robot", "namespace": "default"}]}
    return b, None, Related()


def _text(factory):
    obj, events, related = factory()
    return describe(obj, events=events, related=related, now=NOW)


def test_it_combines_resource_group_and_subresource():
    assert combine_resource_group(["deployments/scale"], ["apps"]) == "deployments.apps/scale"
    assert combine_resource_group(["pods"], [""]) == "pods"
    assert combine_resource_group([], ["apps"]) == ""


def test_it_describes_a_bound_claim_and_the_pods_using_it():
    assert _text(pvc) == """\
Name:          web-data
Namespace:     default
StorageClass:  standard
Status:        Bound
Volume:        pvc-3f2a9c1e
Labels:        <none>
Annotations:   pv.kubernetes.io/bind-completed: yes
               volume.kubernetes.io/selected-node: kind-worker
               volume.kubernetes.io/storage-provisioner: rancher.io/local-path
Finalizers:    [kubernetes.io/pvc-protection]
Capacity:      1Gi
Access Modes:  RWO
VolumeMode:    Filesystem
Used By:       web
Events:
  Type    Reason                 Age    From                                                           Message
  ----    ------                 ----   ----                                                           -------
  Normal  WaitForFirstConsumer   5m     persistentvolume-controller                                    waiting for first consumer to be created before binding
  Normal  ProvisioningSucceeded  4m52s  rancher.io/local-path_local-path-provisioner-7577fdbbfb-8lzxq  Successfully provisioned volume pvc-3f2a9c1e
"""


def test_it_describes_a_pending_claim():
    assert _text(pending_pvc) == """\
Name:          cache
Namespace:     default
StorageClass:  standard
Status:        Pending
Volume:        
Labels:        <none>
Annotations:   <none>
Finalizers:    [kubernetes.io/pvc-protection]
Capacity:      
Access Modes:  
VolumeMode:    Filesystem
Used By:       <none>
Events:        <none>
"""


def test_it_describes_a_host_path_volume_with_node_affinity():
    assert _text(pv) == """\
Name:              pvc-3f2a9c1e
Labels:            <none>
Annotations:       local.path.provisioner/selected-node: kind-worker
                   pv.kubernetes.io/provisioned-by: rancher.io/local-path
Finalizers:        [kubernetes.io/pv-protection]
StorageClass:      standard
Status:            Bound
Claim:             default/web-data
Reclaim Policy:    Delete
Access Modes:      RWO
VolumeMode:        Filesystem
Capacity:          1Gi
Node Affinity:     
  Required Terms:  
    Term 0:        kubernetes.io/hostname in [kind-worker]
Message:           
Source:
    Type:          HostPath (bare host directory volume)
    Path:          /var/local-path-provisioner/pvc-3f2a9c1e_default_web-data
    HostPathType:  DirectoryOrCreate
Events:            <none>
"""


def test_it_describes_the_default_storage_class():
    assert _text(storage_class) == """\
Name:                  standard
IsDefaultClass:        Yes
Annotations:           storageclass.kubernetes.io/is-default-class=true
Provisioner:           rancher.io/local-path
Parameters:            <none>
AllowVolumeExpansion:  <unset>
MountOptions:          <none>
ReclaimPolicy:         Delete
VolumeBindingMode:     WaitForFirstConsumer
Events:                <none>
"""


def test_it_breaks_down_compacts_and_sorts_policy_rules():
    assert _text(role) == """\
Name:         pod-reader
Labels:       <none>
Annotations:  <none>
PolicyRule:
  Resources               Non-Resource URLs  Resource Names  Verbs
  ---------               -----------------  --------------  -----
  pods                    []                 []              [get watch list delete]
  pods/log                []                 []              [get watch list]
  deployments.apps        []                 [api]           [get]
  deployments.apps        []                 [web]           [get]
  deployments.apps/scale  []                 []              [update patch]
"""


def test_it_describes_wildcards_and_non_resource_urls():
    assert _text(cluster_role) == """\
Name:         health-checker
Labels:       team=ops
Annotations:  <none>
PolicyRule:
  Resources  Non-Resource URLs  Resource Names  Verbs
  ---------  -----------------  --------------  -----
  *.*        []                 []              [*]
             [/healthz/*]       []              [get]
             [/healthz]         []              [get]
"""


def test_it_describes_a_role_binding():
    assert _text(role_binding) == """\
Name:         read-pods
Labels:       <none>
Annotations:  <none>
Role:
  Kind:  Role
  Name:  pod-reader
Subjects:
  Kind            Name         Namespace
  ----            ----         ---------
  User            jane         
  ServiceAccount  build-robot  default
"""
