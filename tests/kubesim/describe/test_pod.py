"""`kubectl describe pod`: the CoreDNS pod of the default world, and hand-written pods with init
containers, probes, a crashing container, volumes of every common type, events, deletion."""

from kubesim.kubectl.describe import Related, describe

from .objects import DEFAULT_TOLERATIONS, NOW, condition, event, kube_api_access, ts


def coredns_pod():
    """A CoreDNS replica as the default world creates it."""
    pod = {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "name": "coredns-6647fb65b4-5t2bq", "namespace": "kube-system",
            "labels": {"k8s-app": "kube-dns", "pod-template-hash": "6647fb65b4"},
            "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": True, "controller": True,
                                 "kind": "ReplicaSet", "name": "coredns-6647fb65b4", "uid": "rs-uid"}],
            "uid": "pod-uid", "creationTimestamp": ts(0),
        },
        "spec": {
            "containers": [{
                "name": "coredns", "image": "registry.k8s.io/coredns/coredns:v1.12.3",
                "imagePullPolicy": "IfNotPresent",
                "args": ["-conf", "/etc/coredns/Corefile"],
                "ports": [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                          {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                          {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
                "resources": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
            }],
            "nodeName": "kind-control-plane", "priority": 2000000000,
            "priorityClassName": "system-cluster-critical",
            "serviceAccountName": "coredns", "serviceAccount": "coredns",
            "nodeSelector": {"kubernetes.io/os": "linux"},
            "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                            {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}],
        },
        "status": {
            "phase": "Running", "hostIP": "172.18.0.2", "hostIPs": [{"ip": "172.18.0.2"}],
            "podIP": "10.244.0.2", "podIPs": [{"ip": "10.244.0.2"}], "qosClass": "Burstable",
            "startTime": ts(0),
            "conditions": [condition("PodReadyToStartContainers"), condition("Initialized"),
                           condition("Ready"), condition("ContainersReady"), condition("PodScheduled")],
            "containerStatuses": [{
                "name": "coredns", "ready": True, "restartCount": 0, "started": True,
                "containerID": "containerd://2a59d7f15a66",
                "image": "registry.k8s.io/coredns/coredns:v1.12.3",
                "imageID": "registry.k8s.io/coredns/coredns@sha256:8665",
                "lastState": {}, "state": {"running": {"startedAt": ts(0)}},
            }],
        },
    }
    return pod, []


def web_pod():
    """A pod with an init container, probes, env of every source, mounts and five volumes,
    whose app container is crash-looping."""
    pod = {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "name": "web", "namespace": "default", "uid": "uid-web", "creationTimestamp": ts(0),
            "labels": {"app": "web", "tier": "frontend"},
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}\n",
                            "note": "first line\nsecond line"},
        },
        "spec": {
            "initContainers": [{
                "name": "wait-db", "image": "busybox:1.36",
                "command": ["sh", "-c", "until nslookup db; do sleep 2; done"],
                "volumeMounts": [{"name": "kube-api-access-x7k2p", "readOnly": True,
                                  "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}],
            }],
            "containers": [{
                "name": "app", "image": "example/web:2.0",
                "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                "env": [
                    {"name": "MODE", "value": "production"},
                    {"name": "POD_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}}},
                    {"name": "CPU_LIMIT", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu",
                                                                             "divisor": "1m"}}},
                    {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
                    {"name": "COLOR", "valueFrom": {"configMapKeyRef": {"name": "ui", "key": "color",
                                                                        "optional": True}}},
                ],
                "envFrom": [{"configMapRef": {"name": "web-config"}},
                            {"secretRef": {"name": "web-secrets"}, "prefix": "S_"}],
                "resources": {"limits": {"cpu": "500m", "memory": "128Mi"},
                              "requests": {"cpu": "250m", "memory": "64Mi"}},
                "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"},
                                  "initialDelaySeconds": 3, "timeoutSeconds": 1, "periodSeconds": 10,
                                  "successThreshold": 1, "failureThreshold": 3},
                "readinessProbe": {"tcpSocket": {"port": 8080}, "timeoutSeconds": 1, "periodSeconds": 5,
                                   "successThreshold": 1, "failureThreshold": 3},
                "startupProbe": {"exec": {"command": ["cat", "/tmp/ready"]}, "timeoutSeconds": 1,
                                 "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 30},
                "volumeMounts": [
                    {"name": "data", "mountPath": "/var/lib/web"},
                    {"name": "config", "mountPath": "/etc/web", "readOnly": True, "subPath": "web.conf"},
                    {"name": "kube-api-access-x7k2p", "readOnly": True,
                     "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"},
                ],
            }],
            "volumes": [
                {"name": "data", "persistentVolumeClaim": {"claimName": "web-data"}},
                {"name": "config", "configMap": {"name": "web-config", "defaultMode": 420}},
                {"name": "certs", "secret": {"secretName": "web-tls", "defaultMode": 420}},
                {"name": "cache", "emptyDir": {"sizeLimit": "1Gi"}},
                {"name": "logs", "hostPath": {"path": "/var/log/web", "type": "DirectoryOrCreate"}},
                kube_api_access(),
            ],
            "nodeName": "kind-worker", "priority": 0, "serviceAccountName": "default",
            "tolerations": DEFAULT_TOLERATIONS,
        },
        "status": {
            "phase": "Running", "hostIP": "172.18.0.3", "podIP": "10.244.1.7",
            "podIPs": [{"ip": "10.244.1.7"}], "qosClass": "Burstable", "startTime": ts(0),
            "conditions": [condition("PodReadyToStartContainers", at=2), condition("Initialized", at=9),
                           condition("Ready", "False", at=9, reason="ContainersNotReady"),
                           condition("ContainersReady", "False", at=9, reason="ContainersNotReady"),
                           condition("PodScheduled", at=0)],
            "initContainerStatuses": [{
                "name": "wait-db", "ready": True, "restartCount": 0, "image": "docker.io/library/busybox:1.36",
                "imageID": "docker.io/library/busybox@sha256:7c3c", "containerID": "containerd://11aa",
                "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": ts(3),
                                         "finishedAt": ts(8)}},
            }],
            "containerStatuses": [{
                "name": "app", "ready": False, "restartCount": 3, "image": "docker.io/example/web:2.0",
                "imageID": "docker.io/example/web@sha256:9f1e", "containerID": "containerd://22bb",
                "state": {"waiting": {"reason": "CrashLoopBackOff",
                                      "message": "back-off 40s restarting failed container=app"}},
                "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": ts(200),
                                             "finishedAt": ts(201)}},
            }],
        },
    }
    events = [
        event("Scheduled", "Successfully assigned default/web to kind-worker", source="default-scheduler"),
        event("Pulled", 'Container image "example/web:2.0" already present on machine',
              first=10, last=200, count=4, field_path="spec.containers{app}"),
        event("BackOff", "Back-off restarting failed container app in pod web_default(uid-web)",
              kind="Warning", first=30, last=290, count=12, field_path="spec.containers{app}"),
    ]
    return pod, events


def pending_pod():
    """Not yet scheduled: no node, no IP, no statuses; a bare `operator: Exists` toleration."""
    pod = {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "big", "namespace": "default", "uid": "uid-big", "creationTimestamp": ts(0)},
        "spec": {"containers": [{"name": "big", "image": "nginx",
                                 "resources": {"limits": {"cpu": "64"}, "requests": {"cpu": "64"}}}],
                 "tolerations": [{"operator": "Exists"}]},
        "status": {"phase": "Pending", "conditions": [condition(
            "PodScheduled", "False", reason="Unschedulable",
            message="0/3 nodes are available: 3 Insufficient cpu.")]},
    }
    events = [event("FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu.", kind="Warning",
                    source="default-scheduler", name="big", first=0, last=0)]
    return pod, events


def terminating_pod():
    pod, _ = coredns_pod()
    pod["metadata"]["deletionTimestamp"] = ts(290)
    pod["metadata"]["deletionGracePeriodSeconds"] = 30
    return pod, None


def _text(factory):
    obj, events = factory()
    return describe(obj, events=events, related=Related(), now=NOW)


def test_it_describes_a_coredns_replica():
    assert _text(coredns_pod) == """\
Name:                 coredns-6647fb65b4-5t2bq
Namespace:            kube-system
Priority:             2000000000
Priority Class Name:  system-cluster-critical
Service Account:      coredns
Node:                 kind-control-plane/172.18.0.2
Start Time:           Thu, 01 Jan 2026 00:00:00 +0000
Labels:               k8s-app=kube-dns
                      pod-template-hash=6647fb65b4
Annotations:          <none>
Status:               Running
IP:                   10.244.0.2
IPs:
  IP:           10.244.0.2
Controlled By:  ReplicaSet/coredns-6647fb65b4
Containers:
  coredns:
    Container ID:  containerd://2a59d7f15a66
    Image:         registry.k8s.io/coredns/coredns:v1.12.3
    Image ID:      registry.k8s.io/coredns/coredns@sha256:8665
    Ports:         53/UDP (dns), 53/TCP (dns-tcp), 9153/TCP (metrics)
    Host Ports:    0/UDP (dns), 0/TCP (dns-tcp), 0/TCP (metrics)
    Args:
      -conf
      /etc/coredns/Corefile
    State:          Running
      Started:      Thu, 01 Jan 2026 00:00:00 +0000
    Ready:          True
    Restart Count:  0
    Limits:
      memory:  170Mi
    Requests:
      cpu:        100m
      memory:     70Mi
    Environment:  <none>
    Mounts:       <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    Burstable
Node-Selectors:               kubernetes.io/os=linux
Tolerations:                  CriticalAddonsOnly op=Exists
                              node-role.kubernetes.io/control-plane:NoSchedule
Events:                       <none>
"""


def test_it_describes_init_containers_probes_env_volumes_and_a_crash_loop():
    assert _text(web_pod) == """\
Name:             web
Namespace:        default
Priority:         0
Service Account:  default
Node:             kind-worker/172.18.0.3
Start Time:       Thu, 01 Jan 2026 00:00:00 +0000
Labels:           app=web
                  tier=frontend
Annotations:      note:
                    first line
                    second line
Status:           Running
IP:               10.244.1.7
IPs:
  IP:  10.244.1.7
Init Containers:
  wait-db:
    Container ID:  containerd://11aa
    Image:         busybox:1.36
    Image ID:      docker.io/library/busybox@sha256:7c3c
    Port:          <none>
    Host Port:     <none>
    Command:
      sh
      -c
      until nslookup db; do sleep 2; done
    State:          Terminated
      Reason:       Completed
      Exit Code:    0
      Started:      Thu, 01 Jan 2026 00:00:03 +0000
      Finished:     Thu, 01 Jan 2026 00:00:08 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x7k2p (ro)
Containers:
  app:
    Container ID:   containerd://22bb
    Image:          example/web:2.0
    Image ID:       docker.io/example/web@sha256:9f1e
    Port:           8080/TCP
    Host Port:      0/TCP
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Thu, 01 Jan 2026 00:03:20 +0000
      Finished:     Thu, 01 Jan 2026 00:03:21 +0000
    Ready:          False
    Restart Count:  3
    Limits:
      cpu:     500m
      memory:  128Mi
    Requests:
      cpu:      250m
      memory:   64Mi
    Liveness:   http-get http://:8080/healthz delay=3s timeout=1s period=10s successThreshold=1 failureThreshold=3
    Readiness:  tcp-socket :8080 delay=0s timeout=1s period=5s successThreshold=1 failureThreshold=3
    Startup:    exec [cat /tmp/ready] delay=0s timeout=1s period=10s successThreshold=1 failureThreshold=30
    Environment Variables from:
      web-config   ConfigMap                Optional: false
      web-secrets  Secret with prefix 'S_'  Optional: false
    Environment:
      MODE:       production
      POD_IP:     10.244.1.7 (v1:status.podIP)
      CPU_LIMIT:  500 (limits.cpu)
      PASSWORD:   <set to the key 'password' in secret 'db'>   Optional: false
      COLOR:      <set to the key 'color' of config map 'ui'>  Optional: true
    Mounts:
      /etc/web from config (ro,path="web.conf")
      /var/lib/web from data (rw)
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x7k2p (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       False 
  ContainersReady             False 
  PodScheduled                True 
Volumes:
  data:
    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
    ClaimName:  web-data
    ReadOnly:   false
  config:
    Type:      ConfigMap (a volume populated by a ConfigMap)
    Name:      web-config
    Optional:  false
  certs:
    Type:        Secret (a volume populated by a Secret)
    SecretName:  web-tls
    Optional:    false
  cache:
    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:     
    SizeLimit:  1Gi
  logs:
    Type:          HostPath (bare host directory volume)
    Path:          /var/log/web
    HostPathType:  DirectoryOrCreate
  kube-api-access-x7k2p:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   Burstable
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age                   From               Message
  ----     ------     ----                  ----               -------
  Normal   Scheduled  5m                    default-scheduler  Successfully assigned default/web to kind-worker
  Normal   Pulled     100s (x4 over 4m50s)  kubelet            spec.containers{app}: Container image "example/web:2.0" already present on machine
  Warning  BackOff    10s (x12 over 4m30s)  kubelet            spec.containers{app}: Back-off restarting failed container app in pod web_default(uid-web)
"""


def test_it_describes_an_unscheduled_pod():
    assert _text(pending_pod) == """\
Name:         big
Namespace:    default
Node:         <none>
Labels:       <none>
Annotations:  <none>
Status:       Pending
IP:           
IPs:          <none>
Containers:
  big:
    Image:      nginx
    Port:       <none>
    Host Port:  <none>
    Limits:
      cpu:  64
    Requests:
      cpu:        64
    Environment:  <none>
    Mounts:       <none>
Conditions:
  Type           Status
  PodScheduled   False 
Volumes:         <none>
QoS Class:       Burstable
Node-Selectors:  <none>
Tolerations:     op=Exists
Events:
  Type     Reason            Age   From               Message
  ----     ------            ----  ----               -------
  Warning  FailedScheduling  5m    default-scheduler  0/3 nodes are available: 3 Insufficient cpu.
"""


def test_it_shows_a_terminating_pod_without_events_when_they_are_off():
    assert _text(terminating_pod) == """\
Name:                      coredns-6647fb65b4-5t2bq
Namespace:                 kube-system
Priority:                  2000000000
Priority Class Name:       system-cluster-critical
Service Account:           coredns
Node:                      kind-control-plane/172.18.0.2
Start Time:                Thu, 01 Jan 2026 00:00:00 +0000
Labels:                    k8s-app=kube-dns
                           pod-template-hash=6647fb65b4
Annotations:               <none>
Status:                    Terminating (lasts 10s)
Termination Grace Period:  30s
IP:                        10.244.0.2
IPs:
  IP:           10.244.0.2
Controlled By:  ReplicaSet/coredns-6647fb65b4
Containers:
  coredns:
    Container ID:  containerd://2a59d7f15a66
    Image:         registry.k8s.io/coredns/coredns:v1.12.3
    Image ID:      registry.k8s.io/coredns/coredns@sha256:8665
    Ports:         53/UDP (dns), 53/TCP (dns-tcp), 9153/TCP (metrics)
    Host Ports:    0/UDP (dns), 0/TCP (dns-tcp), 0/TCP (metrics)
    Args:
      -conf
      /etc/coredns/Corefile
    State:          Running
      Started:      Thu, 01 Jan 2026 00:00:00 +0000
    Ready:          True
    Restart Count:  0
    Limits:
      memory:  170Mi
    Requests:
      cpu:        100m
      memory:     70Mi
    Environment:  <none>
    Mounts:       <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    Burstable
Node-Selectors:               kubernetes.io/os=linux
Tolerations:                  CriticalAddonsOnly op=Exists
                              node-role.kubernetes.io/control-plane:NoSchedule
"""
