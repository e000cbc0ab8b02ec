from django.conf import settings
from django.db import models


class Lab(models.Model):
    """A lab: its whole definition, and the revision (content hash) grades are recorded against.

    Labs of the repository are loaded from `labs/content/<slug>/` and are read-only in the
    browser; labs made in the browser keep their files (the same folder format) in `files`.
    """

    REPO = "repo"
    BROWSER = "browser"
    SOURCES = ((REPO, "repository"), (BROWSER, "browser"))

    slug = models.SlugField(max_length=80, unique=True)
    topic = models.CharField(max_length=40, db_index=True)
    revision = models.CharField(max_length=64)
    definition = models.JSONField()
    titles = models.JSONField(default=dict)  # language -> title
    active = models.BooleanField(default=True)  # False once its folder is gone (attempts are kept)
    updated = models.DateTimeField(auto_now=True)
    source = models.CharField(max_length=10, choices=SOURCES, default=REPO)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="authored_labs",
    )
    files = models.JSONField(default=dict, blank=True)  # browser labs: relative path -> text

    class Meta:
        ordering = ("slug",)

    def __str__(self):
        return self.slug

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles.get("en") or self.slug


class Attempt(models.Model):
    """One graded submission. The grade is kept as it was recorded, with the lab revision."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_attempts")
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="attempts")
    revision = models.CharField(max_length=64)
    submission = models.JSONField()  # the entries graded: [{"t", "line", "stdin"}]
    score = models.PositiveIntegerField()
    max_score = models.PositiveIntegerField()
    result = models.JSONField()  # Grade.as_dict(): every check, expected, observed, findings
    created = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.CharField(max_length=80, unique=True)
    hint_cost = models.PositiveIntegerField(default=0)  # points the opened hints took off `score`

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self):
        return f"{self.user} {self.lab} {self.score}/{self.max_score}"


class HintReveal(models.Model):
    """A hint a learner opened: it stays open, and its cost counts in every later attempt."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hint_reveals")
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="hint_reveals")
    step = models.CharField(max_length=80)
    index = models.PositiveSmallIntegerField()
    cost = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (models.UniqueConstraint(fields=("user", "lab", "step", "index"), name="one_reveal_per_hint"),)


class Sandbox(models.Model):
    """One learner's simulated cluster, kept as the simulator's compressed snapshot + log.

    It belongs to an account, or to an anonymous session until that visitor signs up or
    logs in (labs/sandbox/ownership.py claims it then). Saved after every command, so a
    reload, a lost connection or a server restart finds the same cluster at the same
    virtual time. The live sandbox itself is in labs/sandbox/.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="sandboxes",
    )
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    name = models.CharField(max_length=80)
    seed = models.PositiveIntegerField()
    nodes = models.PositiveSmallIntegerField(default=2)
    state = models.BinaryField(default=b"")  # Cluster.to_bytes(); empty until first saved
    virtual_ms = models.BigIntegerField(default=0)  # the cluster's clock when last saved
    speed = models.PositiveSmallIntegerField(default=0)  # 0 paused, else 1, 4 or 16
    revision = models.PositiveIntegerField(default=0)  # grows with every save
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    expires = models.DateTimeField(null=True, blank=True)  # anonymous sandboxes only
    lab = models.ForeignKey(  # the lab this sandbox was opened for: its world, its starter files
        Lab, null=True, blank=True, on_delete=models.SET_NULL, related_name="sandboxes",
    )
    # With several workers, one at a time owns the live sandbox (labs/sandbox/lease.py): the
    # owner's channel, its fencing number (grows with every new owner) and the lease's end.
    holder = models.CharField(max_length=200, blank=True)
    fence = models.PositiveBigIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-updated", "-id")

    def __str__(self):
        return self.name


class SandboxEntry(models.Model):
    """One entry of a sandbox's command log, stored before the learner sees its answer.

    `Sandbox.state` is a snapshot taken now and then; the entries after it are replayed on
    load, so every acknowledged command survives a crash. `client_id` is the page's name for
    the message that caused it: a retried message is answered from here, not run twice.
    """

    sandbox = models.ForeignKey(Sandbox, on_delete=models.CASCADE, related_name="entries")
    seq = models.PositiveIntegerField()  # its position in the cluster's log, counted from 1
    client_id = models.CharField(max_length=64, blank=True)
    t = models.BigIntegerField()  # virtual ms
    line = models.TextField(null=True)  # None: time passed without a command
    stdin = models.TextField(blank=True)
    answer = models.JSONField(null=True)  # what the terminal showed, when it showed something
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("sandbox", "seq")
        constraints = (
            models.UniqueConstraint(fields=("sandbox", "seq"), name="one_entry_per_seq"),
            models.UniqueConstraint(fields=("sandbox", "client_id"), condition=~models.Q(client_id=""),
                                    name="one_entry_per_client_id"),
        )
