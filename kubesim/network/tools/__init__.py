"""The network tools of the workstation (and of images that carry them): curl, wget,
nslookup, dig, openssl; and the `cluster rules` / `cluster forwards` verbs."""


def register(cluster) -> None:
    from .. import forwarders, rules
    from . import curl, nslookup, openssl, wget

    cluster.register_command("curl", lambda inv: curl.run(cluster, inv))
    cluster.register_command("wget", lambda inv: wget.run(cluster, inv))
    cluster.register_command("nslookup", lambda inv: nslookup.run(cluster, inv))
    cluster.register_command("dig", lambda inv: nslookup.dig(cluster, inv))
    cluster.register_command("openssl", lambda inv: openssl.run(cluster, inv))
    cluster.verbs.register("rules", "rules NODE            kube-proxy's rules on NODE (iptables-save, ipvsadm -Ln "
                                    "or nft list ruleset)", rules.verb)
    cluster.verbs.register("forwards", "forwards [log ID|stop ID|all]  list kubectl proxy / port-forward, show one's "
                                                 "output, or stop them",
                           forwarders.verb)
