"""The check that warns when the database sits on a network share or a removable disk: sample mountinfo
text and a fake sysfs, never the real machine."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.storage_risk import (
    DRIVE_REMOTE,
    DRIVE_REMOVABLE,
    NETWORK_MESSAGE,
    REMOVABLE_MESSAGE,
    linux_risk,
    mount_of,
    parse_mountinfo,
    windows_risk,
)

MOUNTINFO = """\
22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw
25 22 0:23 / /proc rw,nosuid - proc proc rw
40 22 0:45 / /mnt/share rw,relatime shared:20 - cifs //server/opeka rw,vers=3.0
41 22 0:46 / /mnt/nfs rw,relatime - nfs4 server:/export rw
42 22 0:47 / /home/user/remote rw - fuse.sshfs user@host:/data rw
43 22 8:17 / /media/user/USB\\040STICK rw,nosuid shared:30 - vfat /dev/sdb1 rw
44 22 8:33 / /mnt/disk2 rw - ext4 /dev/sdc1 rw
45 22 0:50 / /mnt/wsl rw - 9p drvfs rw
"""


def _fake_sysfs(root: Path) -> Path:
    sys_root = root / "sys"
    usb_disk = sys_root / "devices" / "pci0000:00" / "0000:00:14.0" / "usb2" / "2-1" / "block" / "sdb"
    (usb_disk / "sdb1").mkdir(parents=True)
    (usb_disk / "removable").write_text("1\n")
    (usb_disk / "sdb1" / "partition").write_text("1\n")
    sata_disk = sys_root / "devices" / "pci0000:00" / "ata3" / "block" / "sdc"
    (sata_disk / "sdc1").mkdir(parents=True)
    (sata_disk / "removable").write_text("0\n")
    card = sys_root / "devices" / "platform" / "mmc0" / "block" / "mmcblk0"
    (card / "mmcblk0p1").mkdir(parents=True)
    (card / "removable").write_text("1\n")
    links = sys_root / "dev" / "block"
    links.mkdir(parents=True)
    (links / "8:17").symlink_to(usb_disk / "sdb1")
    (links / "8:33").symlink_to(sata_disk / "sdc1")
    (links / "179:1").symlink_to(card / "mmcblk0p1")
    return sys_root


def test_mountinfo_is_parsed_with_escaped_mount_points() -> None:
    mounts = parse_mountinfo(MOUNTINFO + "garbage line\n")
    assert len(mounts) == 8
    stick = mounts[5]
    assert stick.mount_point == "/media/user/USB STICK"
    assert (stick.device, stick.fs_type, stick.source) == ("8:17", "vfat", "/dev/sdb1")


def test_the_longest_mount_point_above_the_folder_wins() -> None:
    mounts = parse_mountinfo(MOUNTINFO)
    assert mount_of("/mnt/share/opeka", mounts).fs_type == "cifs"  # type: ignore[union-attr]
    assert mount_of("/mnt/shared", mounts).fs_type == "ext4"  # type: ignore[union-attr]
    assert mount_of("/", mounts).mount_point == "/"  # type: ignore[union-attr]


def test_network_file_systems_are_shares(tmp_path: Path) -> None:
    sys_root = _fake_sysfs(tmp_path)
    for folder in ("/mnt/share/opeka", "/mnt/nfs/data", "/home/user/remote/Опека", "/mnt/wsl/x"):
        assert linux_risk(Path(folder), MOUNTINFO, sys_root) == NETWORK_MESSAGE, folder


def test_a_usb_stick_is_removable_and_a_fixed_disk_is_not(tmp_path: Path) -> None:
    sys_root = _fake_sysfs(tmp_path)
    assert linux_risk(Path("/media/user/USB STICK/opeka"), MOUNTINFO, sys_root) == REMOVABLE_MESSAGE
    assert linux_risk(Path("/mnt/disk2/opeka"), MOUNTINFO, sys_root) is None
    assert linux_risk(Path("/home/user/.local/share/opeka"), MOUNTINFO, sys_root) is None


def test_a_card_reader_removable_flag_on_the_whole_disk_counts(tmp_path: Path) -> None:
    sys_root = _fake_sysfs(tmp_path)
    mountinfo = "50 22 179:1 / /media/card rw - exfat /dev/mmcblk0p1 rw\n"
    assert linux_risk(Path("/media/card/opeka"), MOUNTINFO + mountinfo, sys_root) == REMOVABLE_MESSAGE


def test_a_missing_sysfs_entry_says_nothing(tmp_path: Path) -> None:
    assert linux_risk(Path("/mnt/disk2/opeka"), MOUNTINFO, tmp_path / "no-sys") is None
    assert linux_risk(Path("/x"), "", tmp_path) is None


def test_windows_unc_paths_and_drive_types() -> None:
    assert windows_risk(r"\\server\share\opeka", None) == NETWORK_MESSAGE
    assert windows_risk(r"\\?\UNC\server\share\opeka", None) == NETWORK_MESSAGE
    assert windows_risk(r"Z:\opeka", DRIVE_REMOTE) == NETWORK_MESSAGE
    assert windows_risk(r"E:\opeka", DRIVE_REMOVABLE) == REMOVABLE_MESSAGE
    assert windows_risk(r"C:\Users\opeka", 3) is None
    assert windows_risk(r"\\?\C:\opeka", 3) is None
