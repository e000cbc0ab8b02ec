# The notes' pod: nginx whose postStart hook replaces "nginx" with "apache" in its page.
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: web1
  labels:
    app: web1
spec:
  containers:
    - name: web1
      image: nginx:latest
      imagePullPolicy: Always
      env:
        - name: TZ
          value: Asia/Shanghai
      lifecycle:
        postStart:
          exec:
            command:
              - /bin/sh
              - -c
              - sed -i 's/nginx/apache/g' /usr/share/nginx/html/index.html
EOF
kubectl wait --for=condition=Ready pod/web1 --timeout=60s
curl -s http://172.18.0.3:30082/
