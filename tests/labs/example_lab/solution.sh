kubectl run web --image=nginx:1.29
kubectl wait --for=condition=Ready pod/web --timeout=60s
