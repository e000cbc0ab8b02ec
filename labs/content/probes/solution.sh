# ready-web has only a readiness probe; live-web only a liveness probe.
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: ready-web
  labels:
    app: web
spec:
  containers:
    - name: ready
      image: nginx:1.29
      readinessProbe:
        httpGet: {path: /, port: 80}
        periodSeconds: 5
---
apiVersion: v1
kind: Pod
metadata:
  name: live-web
  labels:
    app: web
spec:
  containers:
    - name: live
      image: nginx:1.29
      livenessProbe:
        httpGet: {path: /, port: 80}
        periodSeconds: 5
EOF
kubectl get endpoints web -w --request-timeout=150s
kubectl get pods
