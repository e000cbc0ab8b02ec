"""The instructors' pages: authoring labs (authoring.py), classes (classes.py), joining (join.py)."""
