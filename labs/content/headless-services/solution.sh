# Three pods, a standard Service and a headless one over the same pods.
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: djangoapp
spec:
  clusterIP: None
  selector:
    app: djangoapp
  ports:
    - port: 8000
---
apiVersion: v1
kind: Service
metadata:
  name: djangoapp-lb
spec:
  selector:
    app: djangoapp
  ports:
    - port: 8000
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: djangoapp
spec:
  serviceName: djangoapp
  replicas: 3
  selector:
    matchLabels:
      app: djangoapp
  template:
    metadata:
      labels:
        app: djangoapp
    spec:
      containers:
        - name: app
          image: busybox:1.37
          command: ["sh", "-c", "sleep 3600"]
EOF
kubectl rollout status statefulset/djangoapp --timeout=3m
kubectl exec djangoapp-0 -- nslookup djangoapp
kubectl exec djangoapp-0 -- nslookup djangoapp-lb
