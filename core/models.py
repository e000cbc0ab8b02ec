# No models of its own: core uses django.contrib.auth's User and Group.
