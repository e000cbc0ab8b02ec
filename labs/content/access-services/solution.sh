# One nginx, three ways in: NodePort, LoadBalancer, and the API server through kubectl proxy.
kubectl expose deployment my-nginx --type=NodePort --port=80
kubectl patch service my-nginx -p '{"spec":{"ports":[{"port":80,"nodePort":30086}]}}'
kubectl expose deployment my-nginx --name=my-nginx-lb --type=LoadBalancer --port=80
sleep 5
kubectl get services
curl -s http://172.18.0.3:30086/
curl -s http://172.18.255.200/
kubectl proxy
curl -s http://127.0.0.1:8001/api/v1/namespaces/default/services/my-nginx/proxy/
curl -sk https://172.18.0.2:6443/api/v1/namespaces/default/services/my-nginx/proxy/
