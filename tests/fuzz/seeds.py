"""Valid inputs the fuzz targets start from and mutate."""

MANIFESTS = [
    """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
        resources:
          requests: {cpu: 100m, memory: 64Mi}
        readinessProbe:
          httpGet: {path: /, port: 80}
""",
    """apiVersion: v1
kind: Pod
metadata:
  name: busy
  annotations:
    note: "hello"
spec:
  restartPolicy: Never
  initContainers:
  - name: init
    image: busybox
    command: ["sh", "-c", "echo init; sleep 2"]
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c"]
    args: ["while true; do echo hi; sleep 5; done"]
    env:
    - name: MODE
      value: "fast"
""",
    """apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 80
    nodePort: 30080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  key: value
  other: &shared "x"
  again: *shared
""",
    """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
spec:
  rules:
  - host: example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
""",
    """apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - {name: db, image: postgres:16}
---
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - {name: job, image: busybox, command: [sh, -c, "exit 1"]}
""",
]

COMMANDS = [
    "kubectl get pods -o wide",
    "kubectl create deployment web --image=nginx --replicas=3",
    "kubectl get pods -l app=web -o jsonpath='{.items[*].metadata.name}'",
    "kubectl run tmp --image=busybox --restart=Never -- sh -c 'echo hi; sleep 1'",
    "kubectl describe node kind-worker | grep -i taint",
    "for i in 1 2 3; do echo \"$i\"; done | sed -e 's/1/one/' | sort -r",
    "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\nEOF",
    "x=$(echo hello) && echo ${x:-none} || echo failed; echo $((1 + 2 * 3))",
    "kubectl get deploy web -o yaml > web.yaml; cat web.yaml | head -n 5",
    "kubectl scale deployment web --replicas=0 && kubectl rollout status deployment/web --timeout=5s",
    "kubectl expose deployment web --port=80 --type=NodePort; kubectl get svc,ep",
    "if [ -f web.yaml ]; then echo yes; else echo no; fi; test 1 -lt 2 && echo ok",
    "kubectl label pod busy tier=front --overwrite; kubectl annotate pod busy note='a b'",
    "kubectl patch deployment web -p '{\"spec\":{\"replicas\":1}}'",
    "kubectl get events --sort-by=.lastTimestamp | awk '{print $1, $3}' | tail -3",
    "echo 'a\\tb' | tr a-z A-Z; printf '%s-%d\\n' x 3; sleep 2",
    "kubectl exec busy -- cat /etc/hostname; kubectl logs busy --tail=2",
    "kubectl wait --for=condition=Ready pod -l app=web --timeout=3s",
    "case $HOME in /*) echo abs;; *) echo rel;; esac; while false; do :; done",
    "kubectl delete pod busy --grace-period=0 --force; kubectl get all -A",
    "curl -s http://web.default.svc/ ; nslookup web",
]
