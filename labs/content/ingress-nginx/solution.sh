# An Ingress for webapp with TLS on demo.example.com: HTTP is redirected, HTTPS served.
kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: test-ingress
spec:
  ingressClassName: nginx
  tls:
    - hosts: [demo.example.com]
  rules:
    - host: demo.example.com
      http:
        paths:
          - path: /demo
            pathType: Prefix
            backend:
              service:
                name: webapp
                port:
                  number: 8080
EOF
sleep 10
curl -s -i -H 'Host: demo.example.com' http://172.18.0.3/demo/
curl -s -k -H 'Host: demo.example.com' https://172.18.0.3/demo/
kubectl annotate ingress test-ingress nginx.ingress.kubernetes.io/ssl-redirect=false
sleep 10
curl -s -H 'Host: demo.example.com' http://172.18.0.3/demo/
