# Bounds first (at least 2 available, at most 4 in all), then the new image.
kubectl patch deployment nginx-deployment -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":1}}}}'
kubectl get deployment nginx-deployment -o jsonpath='{.spec.strategy}'
kubectl set image deployment/nginx-deployment nginx=nginx:1.29
kubectl rollout status deployment/nginx-deployment --timeout=5m
kubectl get replicasets
