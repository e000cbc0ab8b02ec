# A pod that succeeds, one that fails, and one no node can take.
kubectl run once --image=busybox:1.37 --restart=Never -- sh -c 'echo done; sleep 5'
kubectl run fails --image=busybox:1.37 --restart=Never -- sh -c 'echo giving up; exit 3'
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: stuck
spec:
  nodeSelector:
    disktype: nvme
  containers:
    - name: web
      image: nginx:1.29
EOF
sleep 30
kubectl get pods
kubectl get pod stuck -o jsonpath='{.status.conditions}'
