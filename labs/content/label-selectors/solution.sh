# The notes' selector and node affinity, on a Deployment of four redis pods.
kubectl get nodes -L kubernetes.io/e2e-az-name
kubectl apply -f - <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis
spec:
  replicas: 4
  selector:
    matchLabels:
      component: redis
    matchExpressions:
      - {key: tier, operator: In, values: [cache]}
      - {key: environment, operator: NotIn, values: [dev]}
  template:
    metadata:
      labels:
        component: redis
        tier: cache
        environment: production
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                - key: kubernetes.io/e2e-az-name
                  operator: In
                  values: [e2e-az1, e2e-az2]
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 1
              preference:
                matchExpressions:
                  - key: another-node-label-key
                    operator: In
                    values: [another-node-label-value]
      containers:
        - name: redis
          image: redis:7
EOF
kubectl rollout status deployment/redis --timeout=3m
kubectl get pods -l 'component=redis,tier in (cache),environment notin (dev)' -o wide
