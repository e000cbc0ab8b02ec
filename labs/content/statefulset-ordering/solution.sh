# The notes' example: a headless Service and a StatefulSet of three nginx pods.
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
    - port: 80
      name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  podManagementPolicy: OrderedReady
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 10
      containers:
        - name: nginx
          image: registry.k8s.io/nginx-slim:0.24
          ports:
            - containerPort: 80
              name: web
          readinessProbe:
            httpGet: {path: /, port: 80}
            periodSeconds: 2
EOF
kubectl rollout status statefulset/web --timeout=5m
kubectl scale statefulset web --replicas=1
kubectl get pods -l app=nginx -w --request-timeout=60s
