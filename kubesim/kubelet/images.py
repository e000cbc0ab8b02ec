"""The image registry the simulated nodes pull from: what each image holds and does.

Each `Image` records the facts a learner can observe: tags and their sizes (bytes, as the
kubelet's `Pulled` event prints them), the default ENTRYPOINT and CMD, exposed ports, the
binaries on PATH (busybox has `wget` and `nslookup` but no `curl`; Debian-based images have
no `ps`, `ping` or `nslookup`), a few files (nginx's default page byte for byte), and which
server its default process runs. `resolve(reference)` parses an image reference as
containerd does (`nginx` -> `docker.io/library/nginx:latest`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

# nginx's /usr/share/nginx/html/index.html since 1.21 (615 bytes), as shipped in the image.
NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
NGINX_50X = """<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then please check
the <a href="http://nginx.org/r/error_log">error log</a> for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
"""
GUESTBOOK_INDEX = """<html ng-app="redis">
  <head>
    <title>Guestbook</title>
    <link rel="stylesheet" href="//netdna.bootstrapcdn.com/bootstrap/3.1.1/css/bootstrap.min.css">
  </head>
  <body ng-controller="RedisCtrl">
    <div style="width: 50%; margin-left: 20px">
      <h2>Guestbook</h2>
    </div>
  </body>
</html>
"""
HTTPD_INDEX = "<html><body><h1>It works!</h1></body></html>\n"

COREUTILS = ("true", "false", "echo", "printf", "test", "[", "pwd", "nproc", "cat", "ls", "sleep", "date", "touch", "rm", "mkdir", "cp", "mv", "head", "tail", "cut", "wc",
             "sort", "uniq", "tr", "env", "printenv", "hostname", "id", "uname", "whoami", "kill", "basename",
             "dirname", "yes", "seq", "tee", "base64", "md5sum", "sha256sum", "du", "df", "chmod", "ln",
             "grep", "egrep", "fgrep", "sed", "awk", "find", "xargs", "which", "mount", "stat", "expr")
BUSYBOX = COREUTILS + ("rev", "sh", "ash", "wget", "nslookup", "ping", "nc", "ps", "top", "vi", "httpd", "telnet",
                       "traceroute", "ip", "ifconfig", "netstat", "less", "more", "gzip", "tar", "free",
                       "watch", "timeout", "busybox")
DEBIAN = COREUTILS + ("sh", "bash", "dash", "apt", "apt-get", "dpkg", "gawk", "mawk")
BUILDPACK = DEBIAN + ("curl", "wget", "git", "ps", "ssh", "make", "gcc", "openssl")

SERVER_NONE = None


@dataclass(frozen=True)
class Server:
    """What an image's server process listens on and serves."""

    kind: str                       # nginx, httpd, python-http, busybox-httpd, tcp, hello-app, agnhost
    ports: tuple[int, ...]
    docroot: str = ""
    stop_exit: int = 0              # exit code after SIGTERM (servers exit at once)


@dataclass(frozen=True)
class Image:
    repository: str                 # fully qualified, without tag: docker.io/library/nginx
    tags: dict[str, int]            # tag -> size in bytes
    entrypoint: tuple[str, ...] = ()
    cmd: tuple[str, ...] = ()
    ports: tuple[int, ...] = ()
    binaries: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    workdir: str = "/"
    os_release: str = ""


def _os(name: str, pretty: str, version_id: str = "") -> str:
    text = f'PRETTY_NAME="{pretty}"\nNAME="{name}"\n'
    return text + (f'VERSION_ID="{version_id}"\n' if version_id else "")


DEBIAN_OS = _os("Debian GNU/Linux", "Debian GNU/Linux 12 (bookworm)", "12")
ALPINE_OS = _os("Alpine Linux", "Alpine Linux v3.22", "3.22.2")
PATH_DEBIAN = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

NGINX_LATEST = "1.29.3"
# The nginx release the official image of a tag runs, where the tag is not that release
# itself: a minor tag's last build carries the minor's last patch release; `stable` is 1.28.
_NGINX_RELEASES = {"1.29": NGINX_LATEST, "1.27": "1.27.5", "1.25": "1.25.5", "1.15": "1.15.12",
                   "stable": "1.28.0"}
_FULL_VERSION = re.compile(r"\d+\.\d+\.\d+")
_NGINX_TAGS = {"latest": 72195292, "1.29": 72195292, "1.29.3": 72195292, "1.27": 72099410, "1.25": 70544635,
               "1.16.1": 51027360, "1.15": 43215660, "1.14.2": 44710204, "1.7.9": 39947230, "stable": 72099410,
               "alpine": 21947531, "mainline": 72195292}
_BUSYBOX_TAGS = {"latest": 2155222, "1.37": 2155222, "1.36": 2152371, "1.36.1": 2152371, "1.35": 2148320,
                 "1.34": 2146410, "1.28": 727869, "stable": 2155222, "musl": 836312, "glibc": 2155222,
                 "uclibc": 1002610}

IMAGES: tuple[Image, ...] = (
    Image("docker.io/library/nginx", _NGINX_TAGS, ("/docker-entrypoint.sh",), ("nginx", "-g", "daemon off;"),
          (80,), DEBIAN + ("nginx", "curl", "envsubst", "/docker-entrypoint.sh"),
          {"/usr/share/nginx/html/index.html": NGINX_INDEX, "/usr/share/nginx/html/50x.html": NGINX_50X,
           "/etc/os-release": DEBIAN_OS}, {"NGINX_VERSION": NGINX_LATEST, "PATH": PATH_DEBIAN}),
    Image("docker.io/library/httpd", {"latest": 58124340, "2.4": 58124340, "alpine": 22415090},
          (), ("httpd-foreground",), (80,), DEBIAN + ("httpd", "httpd-foreground", "apachectl"),
          {"/usr/local/apache2/htdocs/index.html": HTTPD_INDEX, "/etc/os-release": DEBIAN_OS},
          {"HTTPD_VERSION": "2.4.65", "PATH": "/usr/local/apache2/bin:" + PATH_DEBIAN}, "/usr/local/apache2"),
    Image("docker.io/library/busybox", _BUSYBOX_TAGS, (), ("sh",), (), BUSYBOX, {}, {"PATH": PATH_DEBIAN}),
    Image("registry.k8s.io/busybox", {"latest": 1144547, "1.27.2": 1144547, "1.24": 1113554}, (), ("sh",), (),
          BUSYBOX, {}, {"PATH": PATH_DEBIAN}),
    Image("docker.io/library/alpine", {"latest": 3802452, "3": 3802452, "3.22": 3802452, "3.21": 3642451,
                                       "3.20": 3625346, "3.19": 3420476},
          (), ("/bin/sh",), (), BUSYBOX + ("apk",), {"/etc/os-release": ALPINE_OS}, {"PATH": PATH_DEBIAN}),
    Image("docker.io/library/debian", {"latest": 48494272, "12": 48494272, "bookworm": 48494272,
                                       "bookworm-slim": 28227259, "bullseye": 53739861, "11": 53739861},
          (), ("bash",), (), DEBIAN, {"/etc/os-release": DEBIAN_OS}, {"PATH": PATH_DEBIAN}),
    Image("docker.io/library/ubuntu", {"latest": 29723147, "24.04": 29723147, "22.04": 29535216, "20.04": 27508907},
          (), ("/bin/bash",), (), DEBIAN, {"/etc/os-release": _os("Ubuntu", "Ubuntu 24.04.3 LTS", "24.04")},
          {"PATH": PATH_DEBIAN}),
    Image("docker.io/library/fedora", {"latest": 61360437}, (), ("/bin/bash",), (), DEBIAN + ("dnf", "curl", "ps"),
          {"/etc/os-release": _os("Fedora Linux", "Fedora Linux 43 (Container Image)", "43")}, {"PATH": PATH_DEBIAN}),
    Image("docker.io/library/redis", {"latest": 49547722, "8": 49547722, "7": 45193880, "5": 35283104,
                                      "alpine": 17109533},
          ("docker-entrypoint.sh",), ("redis-server",), (6379,),
          DEBIAN + ("redis-server", "redis-cli", "docker-entrypoint.sh"), {"/etc/os-release": DEBIAN_OS},
          {"PATH": PATH_DEBIAN}, "/data"),
    Image("docker.io/library/python", {"latest": 412365412, "3": 412365412, "3.13": 412365412, "3.12": 411905120,
                                       "3.12-slim": 41351212, "3-slim": 41351212, "3.11": 410998014},
          (), ("python3",), (), BUILDPACK + ("python", "python3", "pip", "pip3"), {"/etc/os-release": DEBIAN_OS},
          {"PYTHON_VERSION": "3.13.9", "PATH": PATH_DEBIAN}),
    Image("docker.io/library/perl", {"latest": 338101203, "5": 338101203, "5.40": 338101203, "5.34": 330421177},
          (), ("perl", "-de0"), (), BUILDPACK + ("perl",), {"/etc/os-release": DEBIAN_OS}, {"PATH": PATH_DEBIAN}),
    Image("docker.io/library/node", {"latest": 402116021, "22": 402116021, "20": 397841224, "lts": 402116021},
          ("docker-entrypoint.sh",), ("node",), (), BUILDPACK + ("node", "npm", "npx", "docker-entrypoint.sh"),
          {"/etc/os-release": DEBIAN_OS}, {"NODE_VERSION": "22.21.0", "PATH": PATH_DEBIAN}),
    Image("docker.io/library/mysql", {"latest": 235327441, "8.0": 229391830, "8": 235327441, "5.7": 155001346,
                                      "5.6": 102887514},
          ("docker-entrypoint.sh",), ("mysqld",), (3306, 33060),
          COREUTILS + ("sh", "bash", "mysql", "mysqld", "mysqladmin", "docker-entrypoint.sh"), {},
          {"PATH": PATH_DEBIAN}),
    Image("docker.io/library/postgres", {"latest": 158330710, "17": 158330710, "16": 157012110},
          ("docker-entrypoint.sh",), ("postgres",), (5432,),
          DEBIAN + ("postgres", "psql", "pg_isready", "docker-entrypoint.sh"), {"/etc/os-release": DEBIAN_OS},
          {"PATH": PATH_DEBIAN}),
    Image("docker.io/library/mongo", {"latest": 298433210, "4.2": 148221092}, ("docker-entrypoint.sh",),
          ("mongod",), (27017,), DEBIAN + ("mongod", "mongo", "docker-entrypoint.sh"), {}, {"PATH": PATH_DEBIAN}),
    Image("docker.io/library/rabbitmq", {"latest": 96123876}, ("docker-entrypoint.sh",), ("rabbitmq-server",),
          (5672,), DEBIAN + ("rabbitmq-server", "rabbitmqctl", "docker-entrypoint.sh"), {}, {"PATH": PATH_DEBIAN}),
    Image("docker.io/library/wordpress", {"latest": 255701823, "6.2.1-apache": 246013532},
          ("docker-entrypoint.sh",), ("apache2-foreground",), (80,),
          DEBIAN + ("apache2-foreground", "php", "curl", "docker-entrypoint.sh"), {}, {"PATH": PATH_DEBIAN},
          "/var/www/html"),
    Image("docker.io/library/bash", {"latest": 6342212, "5": 6342212}, ("docker-entrypoint.sh",), ("bash",), (),
          BUSYBOX + ("bash", "docker-entrypoint.sh"), {}, {"PATH": PATH_DEBIAN}),
    Image("docker.io/curlimages/curl", {"latest": 9934513, "8.18.0": 9934513}, ("/entrypoint.sh",), ("curl",), (),
          BUSYBOX + ("curl", "/entrypoint.sh"), {}, {"PATH": PATH_DEBIAN}),
    Image("docker.io/alpine/socat", {"latest": 5712219, "1.8.0.3": 5712219}, ("socat",), (), (),
          BUSYBOX + ("socat",), {}, {"PATH": PATH_DEBIAN}),
    Image("registry.k8s.io/pause", {"latest": 320368, "3.10": 320368, "3.10.1": 320368, "3.9": 321520,
                                    "3.8": 311286, "3.6": 301773, "3.1": 317164, "2.0": 350164},
          ("/pause",), (), (), ("/pause",)),
    Image("k8s.gcr.io/pause", {"2.0": 350164, "3.1": 317164}, ("/pause",), (), (), ("/pause",)),
    Image("registry.k8s.io/e2e-test-images/agnhost", {"2.39": 51120112, "2.40": 51120112, "2.45": 52210322,
                                                      "2.53": 53012230},
          ("/agnhost",), ("pause",), (), BUSYBOX + ("/agnhost", "agnhost", "curl", "dig")),  # + bind-tools
    Image("registry.k8s.io/nginx-slim", {"0.24": 15730123, "0.8": 50531210, "0.7": 50512000},
          (), ("nginx", "-g", "daemon off;"), (80,), BUSYBOX + ("nginx",),
          {"/usr/share/nginx/html/index.html": NGINX_INDEX}),
    Image("gcr.io/google-samples/hello-app", {"1.0": 4213122, "2.0": 4213456}, ("/hello-app",), (), (8080,),
          ("/hello-app",)),
    Image("us-docker.pkg.dev/google-samples/containers/gke/hello-app", {"1.0": 4213122, "2.0": 4213456},
          ("/hello-app",), (), (8080,), ("/hello-app",)),
    Image("gcr.io/google-samples/node-hello", {"1.0": 244567120}, (), ("node", "server.js"), (8080,),
          BUILDPACK + ("node",)),
    Image("registry.k8s.io/serve_hostname", {"latest": 2354123, "1.4": 2354123}, ("/serve_hostname",), (),
          (9376,), ("/serve_hostname",)),
    Image("registry.k8s.io/hpa-example", {"latest": 180333712}, ("docker-php-entrypoint",),
          ("apache2-foreground",), (80,), DEBIAN + ("apache2-foreground", "php", "docker-php-entrypoint")),
    Image("docker.io/vish/stress", {"latest": 4391256}, ("/stress",), ("-logtostderr",), (), ("/stress",)),
    Image("docker.io/polinux/stress", {"latest": 4111730}, (), ("stress",), (), BUSYBOX + ("stress",)),
    Image("registry.k8s.io/goproxy", {"0.1": 2371812}, ("/goproxy",), (), (8080,), ("/goproxy",)),
    # Images of the examples collection whose programs are stand-ins (programs.py).
    Image("gcr.io/google-samples/cassandra", {"v13": 146842314, "v14": 148113020}, (), ("/run.sh",),
          (7000, 7001, 7199, 9042), DEBIAN + ("/run.sh", "/ready-probe.sh", "nodetool", "cassandra", "java"),
          {"/etc/os-release": DEBIAN_OS}, {"PATH": PATH_DEBIAN}),
    Image("gcr.io/google-samples/xtrabackup", {"1.0": 94127710}, (), ("bash",), (3307,),
          DEBIAN + ("xtrabackup", "xbstream", "ncat", "mysql"), {"/etc/os-release": DEBIAN_OS},
          {"PATH": PATH_DEBIAN}),
    Image("registry.k8s.io/kubernetes-zookeeper", {"1.0-3.4.10": 116313570}, (), ("start-zookeeper",),
          (2181, 2888, 3888), DEBIAN + ("start-zookeeper", "zookeeper-ready", "java"),
          {"/etc/os-release": DEBIAN_OS}, {"PATH": PATH_DEBIAN}),
    Image("registry.k8s.io/etcd", {"3.5.1-0": 98888614, "3.5.21-0": 58938593, "3.6.4-0": 62524230},
          ("/usr/local/bin/etcd",), (), (2379, 2380), ("/usr/local/bin/etcd", "/usr/local/bin/etcdctl")),
    Image("registry.k8s.io/event-exporter", {"v0.2.3": 13602380}, ("/event-exporter",), (), (),
          ("/event-exporter",)),
    # The system pods' images (preloaded on kind nodes): their programs run until stopped.
    Image("registry.k8s.io/kube-proxy", {"v1.37.0": 32914200}, (), (), (10249, 10256),
          DEBIAN + ("/usr/local/bin/kube-proxy", "iptables", "ipvsadm", "nft", "conntrack")),
    Image("registry.k8s.io/coredns/coredns", {"v1.12.3": 22401314}, ("/coredns",), (), (53, 8080, 8181),
          ("/coredns",)),
    Image("docker.io/kindest/kindnetd", {"v20250512-df8de77b": 44383560}, (), ("/bin/kindnetd",), (),
          ("/bin/kindnetd",)),
    # The image the "multiple schedulers" tutorial has the learner build and push.
    Image("gcr.io/my-gcp-project/my-kube-scheduler", {"1.0": 29145020}, ("/usr/local/bin/kube-scheduler",), (),
          (10259,), BUSYBOX + ("/usr/local/bin/kube-scheduler",)),
    Image("gcr.io/google-samples/hello-frontend", {"1.0": 21430142}, (), ("nginx", "-g", "daemon off;"), (80,),
          BUSYBOX + ("nginx", "/usr/sbin/nginx"), {"/usr/share/nginx/html/index.html": NGINX_INDEX}),
    # The backend of "Connect a Frontend to a Backend Using Services": answers {"message":"Hello"}.
    Image("gcr.io/google-samples/hello-go-gke", {"1.0": 5012412}, ("/hello",), (), (80,), ("/hello",)),
    # The guestbook tutorial's images.
    Image("docker.io/corelab/gb-frontend", {"v5": 356312004}, ("docker-php-entrypoint",), ("apache2-foreground",),
          (80,), DEBIAN + ("apache2-foreground", "php", "docker-php-entrypoint"),
          {"/var/www/html/index.html": GUESTBOOK_INDEX, "/etc/os-release": DEBIAN_OS}, {"PATH": PATH_DEBIAN},
          "/var/www/html"),
    Image("us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower", {"v2": 37254121}, (),
          ("/run.sh",), (6379,), DEBIAN + ("redis-server", "redis-cli", "/run.sh"), {"/etc/os-release": DEBIAN_OS},
          {"PATH": PATH_DEBIAN}),
    Image("registry.k8s.io/redis", {"e2e": 139302714}, (), ("redis-server",), (6379,),
          DEBIAN + ("redis-server", "redis-cli"), {"/etc/os-release": DEBIAN_OS}, {"PATH": PATH_DEBIAN}),
    # nginx with TLS, of the "Connecting Applications with Services" tutorial (its conf.d listens on 80 and 443).
    Image("docker.io/bprashanth/nginxhttps", {"1.0": 43512620}, (), ("nginx", "-g", "daemon off;"), (80, 443),
          DEBIAN + ("nginx",), {"/usr/share/nginx/html/index.html": NGINX_INDEX}),
)

# What a kind node image carries from the start (`crictl images` on a fresh node): the
# system pods' images, so a restarted kube-proxy or CoreDNS pod finds its image present.
KIND_NODE_IMAGES = ("registry.k8s.io/etcd:3.6.5-0", "registry.k8s.io/kube-apiserver:v1.37.0",
                    "registry.k8s.io/kube-controller-manager:v1.37.0", "registry.k8s.io/kube-scheduler:v1.37.0",
                    "registry.k8s.io/kube-proxy:v1.37.0", "registry.k8s.io/coredns/coredns:v1.12.3",
                    "docker.io/kindest/kindnetd:v20250512-df8de77b", "registry.k8s.io/pause:3.10")

_BY_REPO = {image.repository: image for image in IMAGES}
_REFERENCE = re.compile(r"^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]|__|[-]*[a-z0-9]+)*)*"
                        r"(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(@sha256:[a-f0-9]{64})?$")


@dataclass(frozen=True)
class Reference:
    """A parsed image reference, as containerd names and reports it."""

    written: str        # as the pod spec wrote it
    repository: str     # docker.io/library/nginx
    tag: str            # latest when none given (and no digest)
    digest: str

    @property
    def full(self) -> str:
        """What `status.containerStatuses[].image` shows: docker.io/library/nginx:latest."""
        if self.digest and not self.tag:
            return f"{self.repository}@{self.digest}"
        return f"{self.repository}:{self.tag}"

    @property
    def image_id(self) -> str:
        """`imageID`: the repository with the content digest."""
        return f"{self.repository}@{self.digest or 'sha256:' + digest_of(self.repository + ':' + self.tag)}"


def digest_of(text: str) -> str:
    return hashlib.sha256(("kubelab-image/" + text).encode()).hexdigest()


class InvalidReference(ValueError):
    pass


_RESOLVED: dict[str, Reference] = {}


def resolve(written: str) -> Reference:
    """Parse a reference; `InvalidReference` carries containerd's `invalid reference format` text.
    Remembered per text: every container start and status resolves its image again."""
    found = _RESOLVED.get(written) if isinstance(written, str) else None
    if found is None:
        found = _parse_reference(written)
        if len(_RESOLVED) >= 4096:
            _RESOLVED.clear()
        _RESOLVED[written] = found
    return found


def _parse_reference(written: str) -> Reference:
    if not _REFERENCE.match(written):
        if written.lower() != written and _REFERENCE.match(written.lower()):
            repo = written.split(":")[0].split("@")[0]
            raise InvalidReference(f"couldn't parse image name \"{written}\": invalid reference format: "
                                   f"repository name ({_library(repo)}) must be lowercase")
        raise InvalidReference(f"couldn't parse image name \"{written}\": invalid reference format")
    name, digest = (written.split("@", 1) + [""])[:2]
    last = name.rsplit("/", 1)[-1]
    tag = ""
    if ":" in last:
        name, tag = name.rsplit(":", 1)
    if not tag and not digest:
        tag = "latest"
    first = name.split("/")[0]
    if "/" not in name:
        repository = "docker.io/library/" + name
    elif "." in first or ":" in first or first == "localhost":
        repository = name
    else:
        repository = "docker.io/" + name
    return Reference(written, repository, tag, digest)


def _library(repo: str) -> str:
    return repo if "/" in repo else f"library/{repo}"


def lookup(ref: Reference) -> Image | None:
    """The image a reference names, or None when the registry has no such repository."""
    return _BY_REPO.get(ref.repository)


def nginx_version(written: str) -> str:
    """The nginx release an image reference runs (what `Server: nginx/...` and `nginx -v`
    say): the official image's tag's, else the latest (other images that bundle nginx)."""
    try:
        ref = resolve(written)
    except InvalidReference:
        return NGINX_LATEST
    if ref.repository != "docker.io/library/nginx" or not ref.tag:
        return NGINX_LATEST
    if _FULL_VERSION.fullmatch(ref.tag):
        return ref.tag
    return _NGINX_RELEASES.get(ref.tag, NGINX_LATEST)


def env_of(image: Image, written: str) -> dict[str, str]:
    """The image's environment for this reference: the official nginx image's NGINX_VERSION
    follows its tag."""
    if "NGINX_VERSION" not in image.env:
        return image.env
    return {**image.env, "NGINX_VERSION": nginx_version(written)}


def size_of(ref: Reference) -> int | None:
    """The size of the tag in bytes, or None when the tag does not exist."""
    image = lookup(ref)
    if image is None:
        return None
    if ref.digest and not ref.tag:
        return next(iter(image.tags.values()))
    return image.tags.get(ref.tag)


def pull_error(ref: Reference) -> str:
    """containerd's error for a reference that cannot be pulled (wrapped in the CRI's rpc error)."""
    full = ref.full
    if lookup(ref) is None and ref.repository.startswith("docker.io/"):
        return (f'rpc error: code = Unknown desc = failed to pull and unpack image "{full}": failed to resolve '
                f'reference "{full}": pull access denied, repository does not exist or may require '
                "authorization: server message: insufficient_scope: authorization failed")
    return (f'rpc error: code = NotFound desc = failed to pull and unpack image "{full}": failed to resolve '
            f'reference "{full}": {full}: not found')
