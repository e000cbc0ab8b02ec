# Default tolerations: the pods wait 300 s on the dead node.
kubectl apply -f - <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.29
          ports:
            - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - port: 80
      nodePort: 30085
EOF
kubectl rollout status deployment/web --timeout=90s
kubectl get pods -o wide -w --request-timeout=4m
kubectl get nodes
curl -s http://172.18.0.4:30085/
