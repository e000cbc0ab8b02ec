"""Names of the groups that give people roles in Kubelab."""

INSTRUCTORS = "instructors"
