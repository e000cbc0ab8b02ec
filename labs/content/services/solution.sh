# An external IP for my-app, a Service with hand-written Endpoints, an ExternalName.
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app: MyApp
  ports:
    - name: http
      protocol: TCP
      port: 80
      targetPort: 9376
  externalIPs:
    - 80.11.12.10
---
apiVersion: v1
kind: Service
metadata:
  name: example-site
spec:
  type: NodePort
  ports:
    - port: 80
      targetPort: 80
      nodePort: 30084
---
apiVersion: v1
kind: Endpoints
metadata:
  name: example-site
subsets:
  - addresses:
      - ip: 93.184.215.14
    ports:
      - port: 80
---
kind: Service
apiVersion: v1
metadata:
  name: my-database
spec:
  type: ExternalName
  externalName: my.database.example.com
EOF
kubectl run client --image=busybox:1.37 -- sleep 3600
kubectl wait --for=condition=Ready pod/client --timeout=60s
curl -s http://80.11.12.10/
curl -s http://172.18.0.3:30084/
kubectl exec client -- nslookup my-database.default.svc.cluster.local
