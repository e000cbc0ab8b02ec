"""Export and import of a lab as a zip: deterministic, and safe against a hostile upload."""

import io
import zipfile

import pytest

from teach import labfiles, ziplab

FILES = {**labfiles.skeleton("zip-lab"), "starter/pod.yaml": "apiVersion: v1\nkind: Pod  # 中文\n"}


def archive(entries: dict, mode=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode is not None:
                info.external_attr = mode << 16
            out.writestr(info, data)
    return buffer.getvalue()


def test_exporting_twice_gives_the_same_bytes():
    assert ziplab.export_zip("zip-lab", FILES) == ziplab.export_zip("zip-lab", dict(reversed(FILES.items())))


def test_an_export_holds_the_lab_folder_with_sorted_names_and_a_fixed_time():
    with zipfile.ZipFile(io.BytesIO(ziplab.export_zip("zip-lab", FILES))) as read:
        names = read.namelist()
        assert names == sorted(names) and names[0] == "zip-lab/lab.yaml"
        assert {i.date_time for i in read.infolist()} == {ziplab.FIXED_TIME}
        assert read.read("zip-lab/starter/pod.yaml").decode() == FILES["starter/pod.yaml"]


def test_importing_an_export_gives_the_files_and_the_same_export():
    exported = ziplab.export_zip("zip-lab", FILES)
    files = ziplab.import_zip(exported)
    assert files == FILES
    assert ziplab.export_zip("zip-lab", files) == exported


def test_it_imports_files_at_the_top_of_the_archive_too():
    assert ziplab.import_zip(archive({k: v.encode() for k, v in FILES.items()})) == FILES


@pytest.mark.parametrize(("entries", "reason"), [
    ({"../lab.yaml": b"x"}, "a path outside the lab folder"),
    ({"/etc/lab.yaml": b"x"}, "a path outside the lab folder"),
    ({"lab/../../x": b"x"}, "a path outside the lab folder"),
    ({"C:/lab.yaml": b"x"}, "a path outside the lab folder"),
    ({"lab.yaml": b"x", "notes.txt": b"x"}, "files are lab.yaml, solution.sh, or go in"),
    ({"lab.yaml": b"\xff\xfe"}, "lab.yaml: not UTF-8 text"),
    ({"solution.sh": b"x"}, "no lab.yaml"),
    ({}, "the archive is empty"),
    ({"lab.yaml": b"x" * (labfiles.MAX_FILE_BYTES + 1)}, "too large"),
])
def test_it_refuses_what_is_not_a_lab(entries, reason):
    with pytest.raises(ziplab.ZipRefused) as refused:
        ziplab.import_zip(archive(entries))
    assert any(reason in m for m in refused.value.messages), refused.value.messages


def test_it_refuses_a_symbolic_link():
    with pytest.raises(ziplab.ZipRefused, match="symbolic link"):
        ziplab.import_zip(archive({"lab.yaml": b"x", "world/x.yaml": b"/etc/passwd"}, mode=0o120777))


def test_it_refuses_too_many_entries():
    entries = {f"steps/s{i}.md": b"" for i in range(ziplab.MAX_ENTRIES + 1)}
    with pytest.raises(ziplab.ZipRefused, match="entries"):
        ziplab.import_zip(archive(entries))


def test_it_refuses_what_is_not_a_zip_or_too_big():
    with pytest.raises(ziplab.ZipRefused, match="not a zip file"):
        ziplab.import_zip(b"PK\x03\x04 nothing else")
    with pytest.raises(ziplab.ZipRefused, match="at most 2,000,000"):
        ziplab.import_zip(b"x" * (ziplab.MAX_ARCHIVE_BYTES + 1))


def test_it_stops_inflating_a_file_that_lies_about_its_size():
    data = bytearray(archive({"lab.yaml": b"a" * 500_000}))
    # Rewrite both headers' uncompressed size to 10 bytes: a bomb that claims to be small.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as read:
        info = read.infolist()[0]
    real = (500_000).to_bytes(4, "little")
    assert data.count(real) == 2
    data = bytearray(bytes(data).replace(real, (10).to_bytes(4, "little")))
    with pytest.raises(ziplab.ZipRefused) as refused:
        ziplab.import_zip(bytes(data))
    assert info.file_size == 500_000
    assert refused.value.messages == ["lab.yaml: cannot be read (Bad CRC-32 for file 'lab.yaml')"]
