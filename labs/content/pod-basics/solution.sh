# One pod, two containers, one emptyDir volume between them.
cat > pod.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  volumes:
    - name: html
      emptyDir: {}
  containers:
    - name: puller
      image: busybox:1.37
      command: ["sh", "-c", "while true; do echo \"Hello from the File Puller at $(date)\" > /html/index.html; sleep 10; done"]
      volumeMounts:
        - name: html
          mountPath: /html
    - name: server
      image: nginx:1.29
      ports:
        - containerPort: 80
      volumeMounts:
        - name: html
          mountPath: /usr/share/nginx/html
YAML
kubectl apply -f pod.yaml
kubectl wait --for=condition=Ready pod/web --timeout=120s
kubectl exec web -c puller -- wget -qO- http://localhost/
