"""The simulator's version, stored in every snapshot."""

# Bump when a change alters what a replayed command log produces: stored clusters from an
# older version resume from their snapshot instead of being replayed.
SIM_VERSION = 1
KUBERNETES_VERSION = "1.37"
GIT_VERSION = "v1.37.0"
