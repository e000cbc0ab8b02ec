# The starter file applied as it is: no shared volume.
kubectl apply -f pod.yaml
kubectl wait --for=condition=Ready pod/web --timeout=120s
