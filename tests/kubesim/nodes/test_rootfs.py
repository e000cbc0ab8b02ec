"""A container's root filesystem copied from its image's template (built when first used) is
the very tree writing it file by file gives: contents, modes, times, order and size."""

import pytest

from kubesim.kubelet import container as ct
from kubesim.kubelet import images

POD = {"metadata": {"name": "web-1", "namespace": "shop"}, "status": {"podIP": "10.244.1.5"}}
IMAGES = sorted({id(i): i for i in images.IMAGES}.values(), key=lambda i: i.repository)


def tree(node) -> tuple:
    return node.is_dir, node.mode, node.mtime, bytes(node.data), [(k, tree(v)) for k, v in node.entries.items()]


@pytest.mark.parametrize("image", [*IMAGES, None], ids=lambda i: i.repository if i else "no-image")
def test_the_template_gives_the_tree_written_file_by_file(image):
    moment = [100.0]
    copied = ct.rootfs(POD, {}, image, {}, lambda: moment[0])
    written = ct._built(image, ct._etc_files(POD), lambda: 100.0)
    moment[0] = 250.0  # built later, the tree still has the times of the container's start
    assert tree(copied.root) == tree(written.root)
    assert copied.total_bytes() == written.total_bytes()


def test_a_volume_is_mounted_when_the_tree_is_built():
    volume = ct.ContainerFS.empty(lambda: 5.0).root
    fs = ct.rootfs(POD, {}, images.IMAGES[0], {"/data/cache": volume}, lambda: 7.0)
    fs.ensure_dir("/data/cache/sub")  # under a mount: builds the tree and makes the directory there
    assert fs.lookup("/data/cache") is volume and volume.entries["sub"].is_dir
    assert fs.lookup("/data").mtime == 7.0 and fs.lookup("/etc/hostname").data == bytearray(b"web-1\n")
