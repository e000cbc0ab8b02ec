"""How the block test compares a command's output with what a lesson shows, and how it keeps
the list of pending blocks."""

from tests.content.check_blocks import Outcome, read_pending, shows, write_pending

TABLE = "NAME   ENDPOINTS      AGE\nweb    10.244.1.2:80   5s\n"
WARNING = "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n"


def test_it_accepts_a_warning_shown_before_the_table_it_came_with():
    assert shows(WARNING + TABLE, TABLE, WARNING)
    assert shows(TABLE + WARNING, TABLE, WARNING)


def test_it_keeps_the_order_within_each_stream():
    swapped = "web    10.244.1.2:80   5s\nNAME   ENDPOINTS      AGE\n"
    assert not shows(WARNING + swapped, TABLE, WARNING)


def test_it_wants_every_line_of_both_streams_and_nothing_else():
    assert not shows(TABLE, TABLE, WARNING)
    assert not shows(WARNING + TABLE + "extra\n", TABLE, WARNING)
    assert shows("", "", "")
    assert not shows("", "x\n", "")


def test_it_reads_crlf_line_ends_as_a_terminal_shows_them():
    page = "<html>\r\n<body>\r\n</html>\r\n"
    assert shows("<html>\n<body>\n</html>", page, "")


def test_it_keeps_a_pending_note_while_its_reason_holds(tmp_path):
    path = tmp_path / "pending.txt"
    path.write_text("a:1:step 2 output differs: the kubelet is wrong\nb:0:step 1 output differs: old\n")
    write_pending([Outcome("a", 1, False, "step 2 output differs"),
                   Outcome("b", 0, False, "step 3 output differs"),
                   Outcome("c", 2, True)], path)
    assert read_pending(path) == {("a", 1): "step 2 output differs: the kubelet is wrong",
                                  ("b", 0): "step 3 output differs"}
