# The check runs before the page exists: it fails, and the pod never starts nginx.
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
    - name: check
      image: busybox:1.37
      command: ['sh', '-c', 'test -s /work-dir/index.html']
      volumeMounts:
        - name: workdir
          mountPath: /work-dir
    - name: prepare
      image: busybox:1.37
      command: ['sh', '-c', 'echo "<h1>Prepared by the init container</h1>" > /work-dir/index.html']
      volumeMounts:
        - name: workdir
          mountPath: /work-dir
  containers:
    - name: nginx
      image: nginx:1.29
      volumeMounts:
        - name: workdir
          mountPath: /usr/share/nginx/html
EOF
sleep 60
