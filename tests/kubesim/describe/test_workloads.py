"""`kubectl describe` for Deployments (one mid-rollout, one settled), ReplicaSets, StatefulSets,
DaemonSets and Jobs, with their ReplicaSets and pods supplied through `Related`."""

import copy

from kubesim.kubectl.describe import Related, describe
from kubesim.kubectl.describe.workloads import split_replica_sets

from .objects import NOW, event, ts


def template(image: str, hash_: str | None = None) -> dict:
    labels = {"app": "web"} if hash_ is None else {"app": "web", "pod-template-hash": hash_}
    return {"metadata": {"labels": labels}, "spec": {"containers": [{
        "name": "nginx", "image": image, "ports": [{"containerPort": 80, "protocol": "TCP"}],
        "resources": {}, "terminationMessagePath": "/dev/termination-log", "imagePullPolicy": "IfNotPresent",
    }], "restartPolicy": "Always", "dnsPolicy": "ClusterFirst"}}


DEPLOYMENT = {
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "default", "uid": "uid-web", "creationTimestamp": ts(0),
                 "labels": {"app": "web"}, "annotations": {"deployment.kubernetes.io/revision": "2"}},
    "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, "template": template("nginx:1.27"),
             "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
             "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600},
    "status": {"replicas": 4, "updatedReplicas": 1, "readyReplicas": 3, "availableReplicas": 3,
               "unavailableReplicas": 1, "conditions": [
                   {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                   {"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated"}]},
}


def replica_set(name: str, hash_: str, image: str, want: int, have: int, at: int, revision: str) -> dict:
    return {
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": name, "namespace": "default", "uid": "uid-" + name, "creationTimestamp": ts(at),
                     "labels": {"app": "web", "pod-template-hash": hash_},
                     "annotations": {"deployment.kubernetes.io/revision": revision},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web",
                                          "uid": "uid-web", "controller": True}]},
        "spec": {"replicas": want, "selector": {"matchLabels": {"app": "web", "pod-template-hash": hash_}},
                 "template": template(image, hash_)},
        "status": {"replicas": have},
    }


OLD_RS = replica_set("web-7d9c6c5b4f", "7d9c6c5b4f", "nginx:1.26", 3, 3, 0, "1")
NEW_RS = replica_set("web-5f8b9c7d6e", "5f8b9c7d6e", "nginx:1.27", 1, 1, 120, "2")


def pod(name: str, rs: dict, phase: str) -> dict:
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default", "uid": "uid-" + name,
                         "labels": rs["spec"]["template"]["metadata"]["labels"],
                         "ownerReferences": [{"kind": "ReplicaSet", "name": rs["metadata"]["name"],
                                              "uid": rs["metadata"]["uid"], "controller": True}]},
            "spec": {}, "status": {"phase": phase}}


RELATED = Related.from_objects([
    ("replicasets", OLD_RS), ("replicasets", NEW_RS),
    ("pods", pod("web-7d9c6c5b4f-a", OLD_RS, "Running")), ("pods", pod("web-7d9c6c5b4f-b", OLD_RS, "Running")),
    ("pods", pod("web-7d9c6c5b4f-c", OLD_RS, "Running")), ("pods", pod("web-5f8b9c7d6e-d", NEW_RS, "Pending")),
])


def rollout():
    events = [
        event("ScalingReplicaSet", "Scaled up replica set web-7d9c6c5b4f from 0 to 3", name="web",
              involved_kind="Deployment", source="deployment-controller", first=0),
        event("ScalingReplicaSet", "Scaled up replica set web-5f8b9c7d6e from 0 to 1", name="web",
              involved_kind="Deployment", source="deployment-controller", first=120),
    ]
    return DEPLOYMENT, events, RELATED


def settled():
    d = copy.deepcopy(DEPLOYMENT)
    d["spec"]["strategy"] = {"type": "Recreate"}
    d["status"] = {"replicas": 3, "updatedReplicas": 3, "availableReplicas": 3, "conditions": [
        {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"},
        {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"}]}
    old, new = copy.deepcopy(OLD_RS), copy.deepcopy(NEW_RS)
    old["spec"]["replicas"], old["status"]["replicas"] = 0, 0
    new["spec"]["replicas"], new["status"]["replicas"] = 3, 3
    return d, [], Related.from_objects([("replicasets", old), ("replicasets", new)])


def new_replica_set():
    return NEW_RS, [], RELATED


def statefulset():
    ss = {
        "apiVersion": "apps/v1", "kind": "StatefulSet",
        "metadata": {"name": "db", "namespace": "default", "uid": "uid-db", "creationTimestamp": ts(0),
                     "labels": {"app": "db"}},
        "spec": {"replicas": 2, "serviceName": "db", "podManagementPolicy": "OrderedReady",
                 "selector": {"matchLabels": {"app": "db"}},
                 "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                 "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
                 "template": {"metadata": {"labels": {"app": "db"}}, "spec": {"containers": [{
                     "name": "postgres", "image": "postgres:17",
                     "env": [{"name": "PGDATA", "value": "/data/pgdata"}],
                     "volumeMounts": [{"name": "data", "mountPath": "/data"}]}]}},
                 "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
                     "accessModes": ["ReadWriteOnce"], "storageClassName": "standard",
                     "resources": {"requests": {"storage": "1Gi"}}}}]},
        "status": {"replicas": 2},
    }
    pods = [("pods", {"kind": "Pod", "metadata": {
        "name": f"db-{i}", "namespace": "default", "labels": {"app": "db"},
        "ownerReferences": [{"kind": "StatefulSet", "name": "db", "uid": "uid-db", "controller": True}]},
        "status": {"phase": "Running"}}) for i in range(2)]
    return ss, [], Related.from_objects(pods)


def daemonset():
    ds = {
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "kube-proxy", "namespace": "kube-system", "uid": "uid-kp", "creationTimestamp": ts(0),
                     "labels": {"k8s-app": "kube-proxy"},
                     "annotations": {"deprecated.daemonset.template.generation": "1"}},
        "spec": {"selector": {"matchLabels": {"k8s-app": "kube-proxy"}}, "template": {
            "metadata": {"labels": {"k8s-app": "kube-proxy"}},
            "spec": {"containers": [{"name": "kube-proxy", "image": "registry.k8s.io/kube-proxy:v1.37.0",
                                     "command": ["/usr/local/bin/kube-proxy",
                                                 "--config=/var/lib/kube-proxy/config.conf"],
                                     "env": [{"name": "NODE_NAME", "valueFrom": {"fieldRef": {
                                         "apiVersion": "v1", "fieldPath": "spec.nodeName"}}}],
                                     "volumeMounts": [{"name": "kube-proxy", "mountPath": "/var/lib/kube-proxy"}]}],
                     "volumes": [{"name": "kube-proxy", "configMap": {"name": "kube-proxy"}}],
                     "serviceAccountName": "kube-proxy", "priorityClassName": "system-node-critical",
                     "nodeSelector": {"kubernetes.io/os": "linux"}, "tolerations": [{"operator": "Exists"}]}}},
        "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "updatedNumberScheduled": 3,
                   "numberAvailable": 3, "numberMisscheduled": 0, "numberReady": 3},
    }
    pods = [("pods", {"kind": "Pod", "metadata": {
        "name": f"kube-proxy-{i}", "namespace": "kube-system", "labels": {"k8s-app": "kube-proxy"},
        "ownerReferences": [{"kind": "DaemonSet", "name": "kube-proxy", "uid": "uid-kp", "controller": True}]},
        "status": {"phase": "Running"}}) for i in range(3)]
    return ds, [], Related.from_objects(pods)


def job():
    j = {
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": "pi", "namespace": "default", "uid": "uid-pi", "creationTimestamp": ts(0),
                     "labels": {"batch.kubernetes.io/job-name": "pi", "job-name": "pi"}},
        "spec": {"parallelism": 1, "completions": 1, "completionMode": "NonIndexed", "suspend": False,
                 "backoffLimit": 4, "selector": {"matchLabels": {
                     "batch.kubernetes.io/controller-uid": "uid-pi"}},
                 "template": {"metadata": {"labels": {"batch.kubernetes.io/job-name": "pi", "job-name": "pi"}},
                              "spec": {"restartPolicy": "Never", "containers": [{
                                  "name": "pi", "image": "perl:5.34.0",
                                  "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]}]}}},
        "status": {"startTime": ts(0), "completionTime": ts(47), "succeeded": 1, "ready": 0,
                   "conditions": [{"type": "Complete", "status": "True"}]},
    }
    events = [event("SuccessfulCreate", "Created pod: pi-xk2lp", name="pi", involved_kind="Job",
                    source="job-controller"),
              event("Completed", "Job completed", name="pi", involved_kind="Job", source="job-controller",
                    first=47)]
    return j, events, Related()


def _text(factory):
    obj, events, related = factory()
    return describe(obj, events=events, related=related, now=NOW)


def test_it_finds_the_new_replica_set_by_template_ignoring_the_hash():
    old, new = split_replica_sets(DEPLOYMENT, [NEW_RS, OLD_RS])
    assert new is NEW_RS
    assert old == [OLD_RS]


def test_it_lists_no_old_replica_set_once_it_is_scaled_to_zero():
    d, _, related = settled()
    old, new = split_replica_sets(d, related.replica_sets_of(d))
    assert old == []
    assert new["metadata"]["name"] == "web-5f8b9c7d6e"


def test_it_describes_a_deployment_mid_rollout():
    assert _text(rollout) == """\
Name:                   web
Namespace:              default
CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000
Labels:                 app=web
Annotations:            deployment.kubernetes.io/revision: 2
Selector:               app=web
Replicas:               3 desired | 1 updated | 4 total | 3 available | 1 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=web
  Containers:
   nginx:
    Image:         nginx:1.27
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    ReplicaSetUpdated
OldReplicaSets:  web-7d9c6c5b4f (3/3 replicas created)
NewReplicaSet:   web-5f8b9c7d6e (1/1 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  5m    deployment-controller  Scaled up replica set web-7d9c6c5b4f from 0 to 3
  Normal  ScalingReplicaSet  3m    deployment-controller  Scaled up replica set web-5f8b9c7d6e from 0 to 1
"""


def test_it_describes_a_settled_recreate_deployment():
    assert _text(settled) == """\
Name:               web
Namespace:          default
CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000
Labels:             app=web
Annotations:        deployment.kubernetes.io/revision: 2
Selector:           app=web
Replicas:           3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:       Recreate
MinReadySeconds:    0
Pod Template:
  Labels:  app=web
  Containers:
   nginx:
    Image:         nginx:1.27
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Progressing    True    NewReplicaSetAvailable
  Available      True    MinimumReplicasAvailable
OldReplicaSets:  <none>
NewReplicaSet:   web-5f8b9c7d6e (3/3 replicas created)
Events:          <none>
"""


def test_it_describes_a_replica_set_with_its_pod_phases():
    assert _text(new_replica_set) == """\
Name:           web-5f8b9c7d6e
Namespace:      default
Selector:       app=web,pod-template-hash=5f8b9c7d6e
Labels:         app=web
                pod-template-hash=5f8b9c7d6e
Annotations:    deployment.kubernetes.io/revision: 2
Controlled By:  Deployment/web
Replicas:       1 current / 1 desired
Pods Status:    0 Running / 1 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=web
           pod-template-hash=5f8b9c7d6e
  Containers:
   nginx:
    Image:         nginx:1.27
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:            <none>
"""


def test_it_describes_a_statefulset_with_claim_templates():
    assert _text(statefulset) == """\
Name:                   db
Namespace:              default
CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000
Selector:               app=db
Labels:                 app=db
Annotations:            <none>
Service Name:           db
Pod Management Policy:  OrderedReady
Replicas:               2 desired | 2 total
Update Strategy:        RollingUpdate
  Partition:            0
Persistent Volume Claim Retention Policy:
  WhenDeleted:  Retain
  WhenScaled:   Retain
Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=db
  Containers:
   postgres:
    Image:      postgres:17
    Port:       <none>
    Host Port:  <none>
    Environment:
      PGDATA:  /data/pgdata
    Mounts:
      /data from data (rw)
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Volume Claims:
  Name:          data
  StorageClass:  standard
  Labels:        <none>
  Annotations:   <none>
  Capacity:      1Gi
  Access Modes:  [ReadWriteOnce]
Events:          <none>
"""


def test_it_describes_a_daemonset():
    assert _text(daemonset) == """\
Name:           kube-proxy
Namespace:      kube-system
Selector:       k8s-app=kube-proxy
Node-Selector:  kubernetes.io/os=linux
Labels:         k8s-app=kube-proxy
Annotations:    deprecated.daemonset.template.generation: 1
Desired Number of Nodes Scheduled: 3
Current Number of Nodes Scheduled: 3
Number of Nodes Scheduled with Up-to-date Pods: 3
Number of Nodes Scheduled with Available Pods: 3
Number of Nodes Misscheduled: 0
Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:           k8s-app=kube-proxy
  Service Account:  kube-proxy
  Containers:
   kube-proxy:
    Image:      registry.k8s.io/kube-proxy:v1.37.0
    Port:       <none>
    Host Port:  <none>
    Command:
      /usr/local/bin/kube-proxy
      --config=/var/lib/kube-proxy/config.conf
    Environment:
      NODE_NAME:   (v1:spec.nodeName)
    Mounts:
      /var/lib/kube-proxy from kube-proxy (rw)
  Volumes:
   kube-proxy:
    Type:               ConfigMap (a volume populated by a ConfigMap)
    Name:               kube-proxy
    Optional:           false
  Priority Class Name:  system-node-critical
  Node-Selectors:       kubernetes.io/os=linux
  Tolerations:          op=Exists
Events:                 <none>
"""


def test_it_describes_a_completed_job():
    assert _text(job) == """\
Name:             pi
Namespace:        default
Selector:         batch.kubernetes.io/controller-uid=uid-pi
Labels:           batch.kubernetes.io/job-name=pi
                  job-name=pi
Annotations:      <none>
Parallelism:      1
Completions:      1
Completion Mode:  NonIndexed
Suspend:          false
Backoff Limit:    4
Start Time:       Thu, 01 Jan 2026 00:00:00 +0000
Completed At:     Thu, 01 Jan 2026 00:00:47 +0000
Duration:         47s
Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed
Pod Template:
  Labels:  batch.kubernetes.io/job-name=pi
           job-name=pi
  Containers:
   pi:
    Image:      perl:5.34.0
    Port:       <none>
    Host Port:  <none>
    Command:
      perl
      -Mbignum=bpi
      -wle
      print bpi(2000)
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type    Reason            Age    From            Message
  ----    ------            ----   ----            -------
  Normal  SuccessfulCreate  5m     job-controller  Created pod: pi-xk2lp
  Normal  Completed         4m13s  job-controller  Job completed
"""
