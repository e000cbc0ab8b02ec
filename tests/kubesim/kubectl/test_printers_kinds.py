"""`kubectl get` tables for each kind, with the columns and cells of printers.go."""

from kubesim.kubectl.printers import table_output

from .conftest import NOW, at, meta

TEMPLATE = {"metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}, {"name": "log", "image": "busybox"}]}}


def test_it_prints_deployments_with_wide_selector():
    deploy = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta("web"),
              "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE},
              "status": {"replicas": 3, "readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}}
    assert table_output("Deployment", [deploy], NOW) == (
        "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\n"
        "web    2/3     3            2           60m\n"
    )
    assert table_output("Deployment", [deploy], NOW, wide=True) == (
        "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES               SELECTOR\n"
        "web    2/3     3            2           60m   nginx,log    nginx:1.27,busybox   app=web\n"
    )


def test_it_prints_replicasets_and_statefulsets():
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": meta("web-7d4c9bd8f"),
          "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "7d4c9bd8f"}},
                   "template": TEMPLATE},
          "status": {"replicas": 3, "readyReplicas": 2}}
    assert table_output("ReplicaSet", [rs], NOW, wide=True) == (
        "NAME            DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES               SELECTOR\n"
        "web-7d4c9bd8f   3         3         2       60m   nginx,log    nginx:1.27,busybox   "
        "app=web,pod-template-hash=7d4c9bd8f\n"
    )
    sts = {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta("db"),
           "spec": {"replicas": 2, "template": TEMPLATE}, "status": {"readyReplicas": 1}}
    assert table_output("StatefulSet", [sts], NOW) == "NAME   READY   AGE\ndb     1/2     60m\n"


def test_it_prints_daemonsets_with_their_node_selector():
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": meta("kube-proxy", "kube-system"),
          "spec": {"selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
                   "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"},
                                         "containers": [{"name": "kube-proxy", "image": "kube-proxy:v1.37.0"}]}}},
          "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 3,
                     "updatedNumberScheduled": 3, "numberAvailable": 3}}
    assert table_output("DaemonSet", [ds], NOW) == (
        "NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\n"
        "kube-proxy   3         3         3       3            3           kubernetes.io/os=linux   60m\n"
    )


def test_it_prints_jobs_and_cronjobs():
    done = {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta("pi"),
            "spec": {"completions": 1, "parallelism": 1, "template": TEMPLATE},
            "status": {"succeeded": 1, "startTime": at(10), "completionTime": at(10.75),
                       "conditions": [{"type": "SuccessCriteriaMet", "status": "True"},
                                      {"type": "Complete", "status": "True"}]}}
    busy = {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta("work"),
            "spec": {"parallelism": 2, "template": TEMPLATE}, "status": {"startTime": at(50)}}
    assert table_output("Job", [done, busy], NOW) == (
        "NAME   STATUS     COMPLETIONS   DURATION   AGE\n"
        "pi     Complete   1/1           45s        60m\n"
        "work   Running    0/1 of 2      10m        60m\n"
    )
    cron = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta("hello"),
            "spec": {"schedule": "*/1 * * * *", "suspend": False, "jobTemplate": {"spec": {"template": TEMPLATE}}},
            "status": {"lastScheduleTime": at(59), "active": [{"name": "hello-1"}]}}
    assert table_output("CronJob", [cron], NOW) == (
        "NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\n"
        "hello   */1 * * * *   <none>     False     1        60s             60m\n"
    )


def service(name, spec, status=None):
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta(name), "spec": spec, "status": status or {}}


def test_it_prints_every_kind_of_service():
    svcs = [
        service("kubernetes", {"type": "ClusterIP", "clusterIPs": ["10.96.0.1"],
                               "ports": [{"name": "https", "port": 443, "protocol": "TCP"}]}),
        service("web", {"type": "NodePort", "clusterIPs": ["10.96.12.34"], "selector": {"app": "web"},
                        "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"},
                                  {"port": 443, "nodePort": 30443, "protocol": "TCP"}]}),
        service("lb", {"type": "LoadBalancer", "clusterIPs": ["10.96.200.1"], "selector": {"app": "web"},
                       "ports": [{"port": 80, "nodePort": 31000, "protocol": "TCP"}]}, {"loadBalancer": {}}),
        service("lb2", {"type": "LoadBalancer", "clusterIPs": ["10.96.200.2"],
                        "ports": [{"port": 80, "nodePort": 31001, "protocol": "TCP"}]},
                {"loadBalancer": {"ingress": [{"ip": "172.18.255.200"}, {"ip": "172.18.255.201"}]}}),
        service("db", {"type": "ClusterIP", "clusterIPs": ["None"], "selector": {"app": "db"},
                       "ports": [{"port": 5432, "protocol": "TCP"}]}),
        service("ext", {"type": "ExternalName", "externalName": "my.database.example.com"}),
    ]
    assert table_output("Service", svcs, NOW) == (
        "NAME         TYPE           CLUSTER-IP    EXTERNAL-IP               PORT(S)                      AGE\n"
        "kubernetes   ClusterIP      10.96.0.1     <none>                    443/TCP                      60m\n"
        "web          NodePort       10.96.12.34   <none>                    80:30080/TCP,443:30443/TCP   60m\n"
        "lb           LoadBalancer   10.96.200.1   <pending>                 80:31000/TCP                 60m\n"
        "lb2          LoadBalancer   10.96.200.2   172.18.255.20...          80:31001/TCP                 60m\n"
        "db           ClusterIP      None          <none>                    5432/TCP                     60m\n"
        "ext          ExternalName   <none>        my.database.example.com   <none>                       60m\n"
    )
    wide = table_output("Service", svcs[3:4], NOW, wide=True)
    assert wide.splitlines()[1].split() == ["lb2", "LoadBalancer", "10.96.200.2", "172.18.255.200,172.18.255.201",
                                            "80:31001/TCP", "60m", "<none>"]


def test_it_prints_endpoints_and_truncates_after_three():
    eps = [
        {"kind": "Endpoints", "metadata": meta("web"),
         "subsets": [{"addresses": [{"ip": f"10.244.1.{i}"} for i in range(2, 7)], "ports": [{"port": 80}]}]},
        {"kind": "Endpoints", "metadata": meta("two"),
         "subsets": [{"addresses": [{"ip": "10.244.1.2"}], "ports": [{"port": 80}, {"port": 443}]}]},
        {"kind": "Endpoints", "metadata": meta("none")},
        {"kind": "Endpoints", "metadata": meta("unready"),
         "subsets": [{"notReadyAddresses": [{"ip": "10.244.1.9"}], "ports": [{"port": 80}]}]},
    ]
    assert table_output("Endpoints", eps, NOW) == (
        "NAME      ENDPOINTS                                               AGE\n"
        "web       10.244.1.2:80,10.244.1.3:80,10.244.1.4:80 + 2 more...   60m\n"
        "two       10.244.1.2:80,10.244.1.2:443                            60m\n"
        "none      <none>                                                  60m\n"
        "unready                                                           60m\n"
    )


def test_it_prints_endpoint_slices():
    slices = [{"kind": "EndpointSlice", "metadata": meta("web-abc12"), "addressType": "IPv4",
               "ports": [{"name": "", "port": 80, "protocol": "TCP"}],
               "endpoints": [{"addresses": [f"10.244.1.{i}"]} for i in range(2, 6)]},
              {"kind": "EndpointSlice", "metadata": meta("empty-x1"), "addressType": "IPv4"}]
    assert table_output("EndpointSlice", slices, NOW) == (
        "NAME        ADDRESSTYPE   PORTS     ENDPOINTS                                      AGE\n"
        "web-abc12   IPv4          80        10.244.1.2,10.244.1.3,10.244.1.4 + 1 more...   60m\n"
        "empty-x1    IPv4          <unset>   <unset>                                        60m\n"
    )


def test_it_prints_ingresses_and_ingress_classes():
    ings = [
        {"kind": "Ingress", "metadata": meta("demo"),
         "spec": {"ingressClassName": "nginx", "rules": [{"host": "demo.example.com"}],
                  "tls": [{"hosts": ["demo.example.com"]}]},
         "status": {"loadBalancer": {"ingress": [{"ip": "172.18.0.3"}]}}},
        {"kind": "Ingress", "metadata": meta("any"), "spec": {"rules": [{"http": {}}]}},
        {"kind": "Ingress", "metadata": meta("many"),
         "spec": {"ingressClassName": "nginx",
                  "rules": [{"host": "a.io"}, {}, {"host": "b.io"}, {"host": "c.io"}, {"host": "d.io"}]}},
    ]
    assert table_output("Ingress", ings, NOW) == (
        "NAME   CLASS    HOSTS                        ADDRESS      PORTS     AGE\n"
        "demo   nginx    demo.example.com             172.18.0.3   80, 443   60m\n"
        "any    <none>   *                                         80        60m\n"
        "many   nginx    a.io,b.io,c.io + 2 more...                80        60m\n"
    )
    cls = {"kind": "IngressClass", "metadata": meta("nginx", None), "spec": {"controller": "k8s.io/ingress-nginx"}}
    assert table_output("IngressClass", [cls], NOW) == (
        "NAME    CONTROLLER             PARAMETERS   AGE\n"
        "nginx   k8s.io/ingress-nginx   <none>       60m\n"
    )


def node(name, roles, ip, ready="True", unschedulable=False):
    labels = {"kubernetes.io/hostname": name, **{f"node-role.kubernetes.io/{r}": "" for r in roles}}
    return {"kind": "Node", "metadata": meta(name, None, labels=labels),
            "spec": {"unschedulable": True} if unschedulable else {},
            "status": {"conditions": [{"type": "MemoryPressure", "status": "False"}, {"type": "Ready", "status": ready}],
                       "addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}],
                       "nodeInfo": {"kubeletVersion": "v1.37.0", "osImage": "Debian GNU/Linux 12 (bookworm)",
                                    "kernelVersion": "6.8.0-45-generic", "containerRuntimeVersion": "containerd://2.1.1"}}}


def test_it_prints_nodes_with_roles_and_cordons():
    nodes = [node("kind-control-plane", ["control-plane"], "172.18.0.2"),
             node("kind-worker", [], "172.18.0.3", unschedulable=True),
             node("kind-worker2", [], "172.18.0.4", ready="Unknown")]
    assert table_output("Node", nodes, NOW) == (
        "NAME                 STATUS                     ROLES           AGE   VERSION\n"
        "kind-control-plane   Ready                      control-plane   60m   v1.37.0\n"
        "kind-worker          Ready,SchedulingDisabled   <none>          60m   v1.37.0\n"
        "kind-worker2         NotReady                   <none>          60m   v1.37.0\n"
    )
    assert table_output("Node", nodes[:1], NOW, wide=True) == (
        "NAME                 STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   "
        "OS-IMAGE                         KERNEL-VERSION     CONTAINER-RUNTIME\n"
        "kind-control-plane   Ready    control-plane   60m   v1.37.0   172.18.0.2    <none>        "
        "Debian GNU/Linux 12 (bookworm)   6.8.0-45-generic   containerd://2.1.1\n"
    )


def test_it_prints_namespaces_configmaps_secrets_and_service_accounts():
    nss = [{"kind": "Namespace", "metadata": meta("default", None), "status": {"phase": "Active"}},
           {"kind": "Namespace", "metadata": meta("dev", None), "status": {"phase": "Terminating"}}]
    assert table_output("Namespace", nss, NOW) == (
        "NAME      STATUS        AGE\ndefault   Active        60m\ndev       Terminating   60m\n"
    )
    cms = [{"kind": "ConfigMap", "metadata": meta("kube-root-ca.crt"), "data": {"ca.crt": "x"}},
           {"kind": "ConfigMap", "metadata": meta("empty")}]
    assert table_output("ConfigMap", cms, NOW) == (
        "NAME               DATA   AGE\nkube-root-ca.crt   1      60m\nempty              0      60m\n"
    )
    secret = {"kind": "Secret", "metadata": meta("tls"), "type": "kubernetes.io/tls", "data": {"tls.crt": "", "tls.key": ""}}
    assert table_output("Secret", [secret], NOW) == (
        "NAME   TYPE                DATA   AGE\ntls    kubernetes.io/tls   2      60m\n"
    )
    sa = {"kind": "ServiceAccount", "metadata": meta("default")}
    assert table_output("ServiceAccount", [sa], NOW) == "NAME      SECRETS   AGE\ndefault   0         60m\n"


def test_it_prints_claims_volumes_and_storage_classes():
    bound = {"kind": "PersistentVolumeClaim", "metadata": meta("www-web-0"),
             "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard", "volumeName": "pvc-1a2b",
                      "volumeMode": "Filesystem"},
             "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}}}
    pending = {"kind": "PersistentVolumeClaim", "metadata": meta("data"),
               "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard"}, "status": {"phase": "Pending"}}
    assert table_output("PersistentVolumeClaim", [bound, pending], NOW) == (
        "NAME        STATUS    VOLUME     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n"
        "www-web-0   Bound     pvc-1a2b   1Gi        RWO            standard       <unset>                 60m\n"
        "data        Pending                                        standard       <unset>                 60m\n"
    )
    pv = {"kind": "PersistentVolume", "metadata": meta("pvc-1a2b", None),
          "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteMany", "ReadWriteOnce"],
                   "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "standard",
                   "claimRef": {"namespace": "default", "name": "www-web-0"}},
          "status": {"phase": "Bound"}}
    assert table_output("PersistentVolume", [pv], NOW) == (
        "NAME       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM               STORAGECLASS   "
        "VOLUMEATTRIBUTESCLASS   REASON   AGE\n"
        "pvc-1a2b   1Gi        RWO,RWX        Delete           Bound    default/www-web-0   standard       "
        "<unset>                          60m\n"
    )
    classes = [{"kind": "StorageClass", "metadata": meta("standard", None, annotations={
                   "storageclass.kubernetes.io/is-default-class": "true"}),
                "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete",
                "volumeBindingMode": "WaitForFirstConsumer"},
               {"kind": "StorageClass", "metadata": meta("fast", None), "provisioner": "example.com/fast",
                "allowVolumeExpansion": True}]
    assert table_output("StorageClass", classes, NOW) == (
        "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\n"
        "standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  60m\n"
        "fast                 example.com/fast        Delete          Immediate              true                   60m\n"
    )


EVENTS = [
    {"kind": "Event", "metadata": meta("web.18a1"),
     "involvedObject": {"kind": "Pod", "name": "web", "fieldPath": "spec.containers{app}"},
     "reason": "Pulling", "message": 'Pulling image "nginx:1.27"', "type": "Normal",
     "source": {"component": "kubelet", "host": "kind-worker"},
     "firstTimestamp": at(58), "lastTimestamp": at(59.5), "count": 2},
    {"kind": "Event", "metadata": meta("web-sched"), "involvedObject": {"kind": "Pod", "name": "web"},
     "reason": "Scheduled", "message": "Successfully assigned default/web to kind-worker", "type": "Normal",
     "eventTime": at(57), "reportingComponent": "default-scheduler"},
]


def test_it_prints_events():
    assert table_output("Event", EVENTS, NOW) == (
        "LAST SEEN   TYPE     REASON      OBJECT    MESSAGE\n"
        '30s         Normal   Pulling     pod/web   Pulling image "nginx:1.27"\n'
        "3m          Normal   Scheduled   pod/web   Successfully assigned default/web to kind-worker\n"
    )
    assert table_output("Event", EVENTS, NOW, wide=True) == (
        "LAST SEEN   TYPE     REASON      OBJECT    SUBOBJECT              SOURCE                 MESSAGE"
        "                                            FIRST SEEN   COUNT   NAME\n"
        '30s         Normal   Pulling     pod/web   spec.containers{app}   kubelet, kind-worker   Pulling image "nginx:1.27"'
        "                         2m           2       web.18a1\n"
        "3m          Normal   Scheduled   pod/web                          default-scheduler      Successfully assigned "
        "default/web to kind-worker   3m           1       web-sched\n"
    )


def test_it_prints_rbac_objects():
    rb = {"kind": "RoleBinding", "metadata": meta("read-pods"), "roleRef": {"kind": "Role", "name": "pod-reader"},
          "subjects": [{"kind": "User", "name": "jane"}, {"kind": "ServiceAccount", "name": "default", "namespace": "default"},
                       {"kind": "Group", "name": "devs"}]}
    assert table_output("RoleBinding", [rb], NOW, wide=True) == (
        "NAME        ROLE              AGE   USERS   GROUPS   SERVICEACCOUNTS\n"
        "read-pods   Role/pod-reader   60m   jane    devs     default:default\n"
    )
    role = {"kind": "Role", "metadata": meta("pod-reader")}
    assert table_output("Role", [role], NOW) == "NAME         CREATED AT\npod-reader   2026-01-01T00:00:00Z\n"


def test_it_prints_quotas_leases_and_autoscalers():
    quota = {"kind": "ResourceQuota", "metadata": meta("quota"),
             "status": {"hard": {"pods": "10", "requests.cpu": "4", "limits.memory": "8Gi", "limits.cpu": "8"},
                        "used": {"pods": "3", "requests.cpu": "500m", "limits.cpu": "1"}}}
    assert table_output("ResourceQuota", [quota], NOW) == (
        "NAME    REQUEST                            LIMIT                                   AGE\n"
        "quota   pods: 3/10, requests.cpu: 500m/4   limits.cpu: 1/8, limits.memory: 0/8Gi   60m\n"
    )
    lease = {"kind": "Lease", "metadata": meta("kind-worker", "kube-node-lease"), "spec": {"holderIdentity": "kind-worker"}}
    assert table_output("Lease", [lease], NOW) == "NAME          HOLDER        AGE\nkind-worker   kind-worker   60m\n"
    cpu50 = [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]
    hpas = [{"kind": "HorizontalPodAutoscaler", "metadata": meta("web"),
             "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 1, "maxReplicas": 10,
                      "metrics": cpu50},
             "status": {"currentReplicas": 1,
                        "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 12}}}]}},
            {"kind": "HorizontalPodAutoscaler", "metadata": meta("new"),
             "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "new"}, "maxReplicas": 5, "metrics": cpu50}}]
    assert table_output("HorizontalPodAutoscaler", hpas, NOW) == (
        "NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\n"
        "web    Deployment/web   cpu: 12%/50%         1         10        1          60m\n"
        "new    Deployment/new   cpu: <unknown>/50%   <unset>   5         0          60m\n"
    )


def test_it_falls_back_to_name_and_age():
    widget = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": meta("w1")}
    assert table_output("Widget", [widget], NOW) == "NAME   AGE\nw1     60m\n"


def test_it_prints_nothing_for_an_empty_list():
    from kubesim.kubectl.printers import no_resources

    assert table_output("Pod", [], NOW) == ""
    assert no_resources("default") == "No resources found in default namespace.\n"
    assert no_resources(all_namespaces=True) == "No resources found\n"
