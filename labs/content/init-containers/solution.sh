# Two init containers prepare and check the page; then nginx serves it.
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: myapp
  labels:
    app: myapp
spec:
  volumes:
    - name: workdir
      emptyDir: {}
  initContainers:
    - name: prepare
      image: busybox:1.37
      command: ['sh', '-c', 'echo "<h1>Prepared by the init container</h1>" > /work-dir/index.html']
      volumeMounts:
        - name: workdir
          mountPath: /work-dir
    - name: check
      image: busybox:1.37
      volumeMounts:
        - name: workdir
          mountPath: /work-dir
      command: ['sh', '-c', 'test -s /work-dir/index.html']
  containers:
    - name: nginx
      image: nginx:1.29
      ports:
        - containerPort: 80
      volumeMounts:
        - name: workdir
          mountPath: /usr/share/nginx/html
EOF
kubectl get pod myapp -w --request-timeout=30s
curl -s http://172.18.0.3:30081/
