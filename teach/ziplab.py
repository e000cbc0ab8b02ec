"""A lab as a zip file: `SLUG/lab.yaml`, `SLUG/steps/...`, the folder format in one archive.

Export is deterministic (names sorted, one fixed timestamp and mode, fixed compression), so
exporting the same files twice gives the same bytes, and importing an export then exporting
again does too. Import reads an untrusted upload: it refuses path traversal, links, anything
but UTF-8 text files of a lab, and archives over the size and entry limits, before inflating
more than the limits allow.
"""

from __future__ import annotations

import io
import zipfile

from .labfiles import MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES, path_problem

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--
MAX_ARCHIVE_BYTES = 2_000_000
MAX_ENTRIES = MAX_FILES + 10  # a few folder entries beside the files


class ZipRefused(ValueError):
    """An upload that is not a lab archive; `messages` says why, one reason each."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


def export_zip(slug: str, files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{slug}/{path}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, wherever the server runs
            info.external_attr = FILE_MODE
            archive.writestr(info, files[path].encode("utf-8"), compresslevel=9)
    return buffer.getvalue()


def import_zip(data: bytes) -> dict[str, str]:
    """The files of the lab in the archive (relative path -> text); `ZipRefused` otherwise.
    The files may sit at the top of the archive or in one folder (as `export_zip` writes)."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ZipRefused([f"the file is {len(data):,} bytes; a lab archive has at most {MAX_ARCHIVE_BYTES:,}"])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ZipRefused(["this is not a zip file"]) from None
    if len(entries) > MAX_ENTRIES:
        raise ZipRefused([f"the archive has {len(entries)} entries; a lab has at most {MAX_FILES} files"])
    entries = [e for e in entries if not e.is_dir()]
    problems = _entry_problems(entries)
    if problems:
        raise ZipRefused(problems)
    prefix = _common_folder([e.filename for e in entries])
    files, problems, total = {}, [], 0
    for entry in sorted(entries, key=lambda e: e.filename):
        path = entry.filename[len(prefix):]
        problem = path_problem(path) or (f"{path}: in the archive twice" if path in files else None)
        if problem:
            problems.append(problem)
            continue
        total += entry.file_size
        if entry.file_size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
            problems.append(f"{path}: too large (a file has at most {MAX_FILE_BYTES:,} bytes, "
                            f"a lab {MAX_TOTAL_BYTES:,})")
            break
        text = _read_text(archive, entry, path, problems)
        if text is not None:
            files[path] = text
    if not problems and "lab.yaml" not in files:
        problems.append("the archive has no lab.yaml (at its top or in one folder)")
    if problems:
        raise ZipRefused(problems)
    return files


def _entry_problems(entries: list[zipfile.ZipInfo]) -> list[str]:
    problems = []
    if not entries:
        return ["the archive is empty"]
    for entry in entries:
        name = entry.filename
        parts = name.split("/")
        if name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0]:
            problems.append(f"{name!r}: a path outside the lab folder")
        elif (entry.external_attr >> 16) & 0o170000 == 0o120000:
            problems.append(f"{name!r}: a symbolic link; a lab holds files only")
        elif entry.flag_bits & 0x1:
            problems.append(f"{name!r}: encrypted")
    return problems


def _common_folder(names: list[str]) -> str:
    """"SLUG/" when every entry is inside that one folder and lab.yaml is right under it."""
    first = names[0].split("/")[0]
    if all(n.startswith(first + "/") for n in names) and f"{first}/lab.yaml" in names:
        return first + "/"
    return ""


def _read_text(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, path: str, problems: list) -> str | None:
    try:
        with archive.open(entry) as handle:
            # Read one byte past the limit: the header's size may lie about what inflates.
            data = handle.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, EOFError) as error:
        problems.append(f"{path}: cannot be read ({error})")
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.append(f"{path}: too large (a file has at most {MAX_FILE_BYTES:,} bytes)")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8 text")
        return None
