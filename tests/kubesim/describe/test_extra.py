"""`kubectl describe` for CronJobs, EndpointSlices and PriorityClasses."""

from kubesim.kubectl.describe import Related, describe

from .objects import NOW, ts


def cronjob():
    cj = {
        "apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": {"name": "hello", "namespace": "default", "uid": "uid-hello", "creationTimestamp": ts(0)},
        "spec": {"schedule": "* * * * *", "concurrencyPolicy": "Allow", "suspend": False,
                 "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
                 "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure", "containers": [{
                     "name": "hello", "image": "busybox:1.28",
                     "command": ["/bin/sh", "-c", "date; echo Hello from the Kubernetes cluster"]}]}}}}},
        "status": {"lastScheduleTime": ts(240), "active": [{"kind": "Job", "name": "hello-29452564"}]},
    }
    return cj, [], Related()


def endpoint_slice():
    eps = {
        "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
        "metadata": {"name": "kube-dns-8xk2p", "namespace": "kube-system",
                     "labels": {"kubernetes.io/service-name": "kube-dns",
                                "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}},
        "ports": [{"name": "dns-tcp", "port": 53, "protocol": "TCP"}, {"name": "dns", "port": 53, "protocol": "UDP"}],
        "endpoints": [{"addresses": ["10.244.0.2"], "conditions": {"ready": True, "serving": True},
                       "nodeName": "kind-control-plane",
                       "targetRef": {"kind": "Pod", "name": "coredns-6647fb65b4-5t2bq", "namespace": "kube-system"}}],
    }
    return eps, [], Related()


def priority_class():
    pc = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
          "metadata": {"name": "high-priority"}, "value": 1000000, "globalDefault": False,
          "description": "This priority class should be used for XYZ service pods only."}
    return pc, [], Related()


def _text(factory):
    obj, events, related = factory()
    return describe(obj, events=events, related=related, now=NOW)


def test_it_describes_a_cronjob_with_an_active_job():
    assert _text(cronjob) == """\
Name:                          hello
Namespace:                     default
Labels:                        <none>
Annotations:                   <none>
Schedule:                      * * * * *
Concurrency Policy:            Allow
Suspend:                       False
Time Zone:                     <unset>
Successful Job History Limit:  3
Failed Job History Limit:      1
Starting Deadline Seconds:     <unset>
Selector:                      <unset>
Parallelism:                   <unset>
Completions:                   <unset>
Pod Template:
  Labels:  <none>
  Containers:
   hello:
    Image:      busybox:1.28
    Port:       <none>
    Host Port:  <none>
    Command:
      /bin/sh
      -c
      date; echo Hello from the Kubernetes cluster
    Environment:     <none>
    Mounts:          <none>
  Volumes:           <none>
  Node-Selectors:    <none>
  Tolerations:       <none>
Last Schedule Time:  Thu, 01 Jan 2026 00:04:00 +0000
Active Jobs:         hello-29452564
Events:              <none>
"""


def test_it_describes_an_endpoint_slice():
    assert _text(endpoint_slice) == """\
Name:         kube-dns-8xk2p
Namespace:    kube-system
Labels:       endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io
              kubernetes.io/service-name=kube-dns
Annotations:  <none>
AddressType:  IPv4
Ports:
  Name     Port  Protocol
  ----     ----  --------
  dns-tcp  53    TCP
  dns      53    UDP
Endpoints:
  - Addresses:  10.244.0.2
    Conditions:
      Ready:    true
    Hostname:   <unset>
    TargetRef:  Pod/coredns-6647fb65b4-5t2bq
    NodeName:   kind-control-plane
    Zone:       <unset>
Events:         <none>
"""


def test_it_describes_a_priority_class():
    assert _text(priority_class) == """\
Name:              high-priority
Value:             1000000
GlobalDefault:     false
PreemptionPolicy:  PreemptLowerPriority
Description:       This priority class should be used for XYZ service pods only.
Annotations:       <none>
Events:            <none>
"""
