"""What every kubectl command shares: its context, error printing and name resolution."""

from dataclasses import dataclass

from ... import resources as res
from ...apiserver.errors import APIError
from ...apiserver.identity import ADMIN, impersonated
from .. import kubeconfig
from ..flags import FlagError, Parsed


class CommandError(Exception):
    """A client-side error: printed as `error: <message>`, exit status 1."""


@dataclass
class Context:
    cluster: object
    inv: object  # the shell's Invocation
    command: str
    flags: Parsed

    @property
    def api(self):
        return self.cluster.api

    @property
    def store(self):
        return self.cluster.store

    @property
    def now(self) -> int:
        return self.cluster.clock.now

    @property
    def namespace(self) -> str:
        return self.flags.get("namespace") or kubeconfig.namespace(self.inv.fs)

    @property
    def user(self):
        who = self.flags.get("as")
        if who:
            return impersonated(who, tuple(self.flags.get("as-group") or ()))
        return ADMIN

    def out(self, text: str) -> None:
        self.inv.stdout.write(text)

    def err(self, text: str) -> None:
        self.inv.stderr.write(text)

    def resource(self, name: str) -> res.Resource:
        r = res.lookup(name)
        if r is None:
            raise CommandError(f'the server doesn\'t have a resource type "{name}"')
        return r


def server_error(err: APIError, action: str = "") -> str:
    """`Error from server (Reason): message`, as kubectl prints an API Status."""
    if err.reason == "Invalid" and err.causes:
        return invalid_text(err)
    reason = err.reason or "InternalError"
    prefix = f"{action}: " if action else ""
    return f"Error from server ({reason}): {prefix}{err.message}\n"


def invalid_text(err: APIError) -> str:
    """kubectl's rendering of a 422: one cause on one line, several as a bullet list."""
    head = f'The {err.kind} "{err.name}" is invalid: '
    if len(err.causes) == 1:
        return head + str(err.causes[0]) + "\n"
    return head + "\n" + "".join(f"* {c}\n" for c in err.causes)


def usage_error(ctx_command: str, message: str) -> str:
    return f"error: {message}\nSee 'kubectl {ctx_command} --help' for usage.\n"


def run_guarded(ctx: Context, fn) -> int:
    """Run a command body and turn every error into kubectl's text and exit status."""
    try:
        return fn(ctx) or 0
    except APIError as e:
        ctx.err(server_error(e))
    except CommandError as e:
        ctx.err(f"error: {e}\n")
    except FlagError as e:
        ctx.err(usage_error(ctx.command, str(e)))
    return 1
