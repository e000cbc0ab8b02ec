# Green beside blue; the Service moves only once green is Ready.
kubectl apply -f - <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-green
spec:
  replicas: 3
  selector:
    matchLabels: {app: web, version: gren}
  template:
    metadata:
      labels: {app: web, version: gren}
    spec:
      containers:
        - name: web
          image: gcr.io/google-samples/hello-app:2.0
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet: {path: /, port: 8080}
            initialDelaySeconds: 5
            periodSeconds: 2
EOF
kubectl rollout status deployment/web-green --timeout=3m
kubectl patch service web -p '{"spec":{"selector":{"app":"web","version":"green"}}}'
curl -s http://172.18.0.3:30083/
kubectl get pods -l app=web -L version
