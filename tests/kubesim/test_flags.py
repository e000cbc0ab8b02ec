"""kubectl's flags parsed as cobra/pflag parses them, and duration flags as Go reads them."""

import pytest

from kubesim.kubectl.flags import Flag, FlagError, duration_seconds, parse

FLAGS = (Flag("namespace", "n"), Flag("all", "A", kind="bool", default=False), Flag("replicas", kind="int"),
         Flag("stdin", "i", kind="bool", default=False), Flag("tty", "t", kind="bool", default=False))


@pytest.mark.parametrize("argv", [["-n", "dev"], ["-ndev"], ["-n=dev"], ["--namespace", "dev"], ["--namespace=dev"]])
def test_it_reads_a_value_in_every_form_pflag_accepts(argv):
    assert parse(["get", *argv, "pods"], FLAGS)["namespace"] == "dev"


def test_it_combines_single_letter_booleans_and_keeps_words_after_dashes():
    parsed = parse(["exec", "-it", "web", "--", "sh", "-c", "ls -l"], FLAGS)
    assert (parsed["stdin"], parsed["tty"], parsed.args, parsed.after_dash) == (True, True, ["exec", "web"],
                                                                                ["sh", "-c", "ls -l"])


@pytest.mark.parametrize("argv, message", [
    (["--foo"], "unknown flag: --foo"),
    (["-z"], "unknown shorthand flag: 'z' in -z"),
    (["-n"], "flag needs an argument: 'n' in -n"),
    (["--replicas=three"], ('invalid argument "three" for "--replicas" flag: strconv.ParseInt: parsing "three": '
                            "invalid syntax")),
])
def test_it_refuses_bad_flags_with_pflags_words(argv, message):
    with pytest.raises(FlagError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        parse(argv, FLAGS)


@pytest.mark.parametrize("text, seconds", [("45s", 45), ("2m", 120), ("1m30s", 90), ("500ms", 0.5), ("1h", 3600),
                                           ("-1s", -1), ("0", 0)])
def test_it_reads_durations_as_go_does(text, seconds):
    assert duration_seconds(text, "timeout") == seconds


def test_it_takes_a_bare_number_as_seconds_only_where_kubectl_does():
    assert duration_seconds("30", "request-timeout", bare_seconds=True) == 30
    with pytest.raises(FlagError, match='invalid argument "30" for "--timeout" flag: time: invalid duration "30"'):
        duration_seconds("30", "timeout")
