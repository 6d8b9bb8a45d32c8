"""The system libraries Qt's xcb platform plugin needs, and the Debian
packages that hold them: `make run` checks them before the window starts and
installs them (as root) or names the exact `apt-get` line (otherwise), rather
than letting Qt abort with 'Could not load the Qt platform plugin "xcb"'.

``python -m ui.system_packages [--install]`` (exit 0: all there; 1: missing).
Found with `ldd` on PySide6's libqxcb.so (every library it links, directly
or not) plus libxcb-cursor, which Qt 6.5+ loads at run time (dlopen), so ldd
does not list it. No Qt import: this runs before any QApplication exists."""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TextIO

# soname -> Debian (bookworm) package. The X client libraries a desktop has
# anyway are listed too, for a minimal container.
DEBIAN_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
DLOPENED = ("libxcb-cursor.so.0",)
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin, None if PySide6 is not installed."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "Qt/plugins/platforms/libqxcb.so"
    return path if path.exists() else None


def not_found(ldd_output: str) -> list[str]:
    """The sonames ``ldd`` could not resolve."""
    return sorted(set(_NOT_FOUND.findall(ldd_output)))


def missing_libraries(plugin: Path | None = None) -> list[str]:
    plugin = plugin or xcb_plugin()
    missing: set[str] = set()
    if plugin is not None and shutil.which("ldd"):
        out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True,
                             check=False).stdout
        missing.update(not_found(out))
    for soname in DLOPENED:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.add(soname)
    return sorted(missing)


def packages_for(sonames: list[str]) -> tuple[list[str], list[str]]:
    """(Debian packages, sonames no package is known for)."""
    known = sorted({DEBIAN_PACKAGES[s] for s in sonames if s in DEBIAN_PACKAGES})
    return known, [s for s in sonames if s not in DEBIAN_PACKAGES]


def uses_xcb() -> bool:
    """Whether Qt would start on X11 here (not offscreen, not Wayland)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.startswith("xcb")
    return bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY")


def check(*, install: bool = False, out: TextIO | None = None) -> bool:
    """True when the window can start; otherwise say what is missing (and
    install it when asked and running as root on Debian/Ubuntu)."""
    stream = out or sys.stderr
    missing = missing_libraries()
    if not missing:
        return True
    packages, unknown = packages_for(missing)
    line = "apt-get install -y " + " ".join(packages)
    print(f"giftpos: the Qt window needs system libraries that are missing: "
          f"{', '.join(missing)}.", file=stream)
    apt = shutil.which("apt-get")
    if install and apt and os.geteuid() == 0 and packages and not unknown:
        print(f"Installing them (running as root): apt-get update && {line}", file=stream,
              flush=True)
        subprocess.run([apt, "update", "-qq"], check=False)
        done = subprocess.run([apt, "install", "-y", "-qq", *packages], check=False)
        if done.returncode == 0 and not missing_libraries():
            return True
        print("giftpos: apt-get could not install them; see its messages above.", file=stream)
        return False
    if packages:
        sudo = "" if os.geteuid() == 0 else "sudo "
        print(f"On Debian or Ubuntu install them with:\n  {sudo}{line}\n"
              f"then run `make run` again.", file=stream)
    if unknown:
        print(f"(no Debian package known for {', '.join(unknown)}: install the package "
              f"of your system that provides it)", file=stream)
    return False


def check_display(*, install: bool = False) -> bool:
    """Before a window: on X11, the libraries must be there; with no display
    at all, say how to get one."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not platform and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        print("giftpos: no display (neither DISPLAY nor WAYLAND_DISPLAY is set). Run it in a "
              "desktop session, or under Xvfb (`xvfb-run giftpos demo`), or set "
              "QT_QPA_PLATFORM=offscreen.", file=sys.stderr)
        return False
    return check(install=install) if uses_xcb() else True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ui.system_packages",
        description="Check the system libraries the Qt window needs on X11.")
    parser.add_argument("--install", action="store_true",
                        help="install what is missing with apt-get when running as root")
    args = parser.parse_args(argv)
    return 0 if check(install=args.install) else 1


if __name__ == "__main__":
    raise SystemExit(main())
