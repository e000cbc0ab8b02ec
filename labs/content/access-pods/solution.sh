# A pod reached through kubectl port-forward, and one through a port of its node.
kubectl run web --image=nginx:1.29 --labels=app=web --port=80
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: web-hostport
  labels:
    app: web-hostport
spec:
  nodeSelector:
    kubernetes.io/hostname: kind-worker
  containers:
    - name: nginx
      image: nginx:1.29
      ports:
        - containerPort: 80
          hostPort: 8081
EOF
kubectl wait --for=condition=Ready pod/web pod/web-hostport --timeout=60s
kubectl port-forward pod/web 8080:80
curl -s http://127.0.0.1:8080/
curl -s http://172.18.0.3:8081/
