"""The simulated Kubernetes control plane: a deterministic discrete-event simulation.

This package never imports Django. The web apps use it through `Cluster`.
"""
