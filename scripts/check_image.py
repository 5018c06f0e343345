"""Build the Docker image from a fresh clone with buildah and check it as an operator would.

    sudo .venv/bin/python scripts/check_image.py [--base IMAGE] [--torch-wheels DIR] [--repo PATH]

Needs root, buildah, util-linux (unshare, nsenter) and, without --base,
debootstrap: `apt-get install buildah debootstrap`. No Docker engine: each
check runs the image's root file system the way a container runtime does, in
its own PID, mount (and, for `ask`, network) namespaces, read-only, with a
tmpfs on /tmp, a data folder on /data, as the image's user, with the image's
environment and entrypoint. What it checks:

- the build: time from a cold cache, image size, nothing left behind (no
  sources outside site-packages, no build folders, egg-info, .pyc or OpenVINO
  telemetry), uid and gid 10001, torch the CPU build, the converted model;
- `frontline ask` answers with the network namespace empty;
- `frontline serve` answers a question through the loopback Bot API server,
  its HEALTHCHECK passes, and SIGTERM stops it: while serving, and 0.3 s and
  5 s after start (python as PID 1 without tini, for comparison, ignores it);
- the rebuild after a one-line change in bot/, and that the change is in the image.

Images go to a store of the check's own, /var/lib/containers/frontline-check
(kept for the next run; remove it to reclaim the space), with the overlay
driver where the kernel has overlayfs, else vfs (a full copy of the tree per
step: tens of GB, and slow). Without --base, a Debian bookworm base (python3,
python3-venv and this machine's CA certificates) is made there once with
debootstrap, for where the usual base image cannot be pulled. Without --torch-wheels, the wheel folders of
PIP_FIND_LINKS that hold a torch CPU wheel are served on loopback as the
build's TORCH_INDEX_URL; if there are none, PyTorch's CPU index is used.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TAG = "localhost/frontline:check"
LOCAL_BASE = "localhost/frontline-base:bookworm"
TOKEN = "123456:CHECK-IMAGE-TOKEN"
USER = 1001
QUESTION = "who holds Rubizhne?"
PROMPT_STOP = 5.0  # seconds a stop may take and still count as prompt
# The check's own image store, apart from any other on the machine. overlay keeps
# a layer as its changes; vfs (where the kernel has no overlayfs) copies the
# whole tree at every step, some 2.5 GB each: tens of GB for a build.
STORE = Path("/var/lib/containers/frontline-check")
STORAGE: list[str] = []


def log(message: str) -> None:
    print(f"check_image: {message}", flush=True)


def run(*args: str, **kw: object) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout  # type: ignore[call-overload]


def buildah(*args: str) -> str:
    return run("buildah", *STORAGE, *args).strip()


class Failures(list[str]):
    def check(self, ok: bool, what: str) -> None:
        log(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            self.append(what)


# -- the base image and the torch wheel ------------------------------------------------------


def make_local_base(work: Path) -> str:
    """Return a Debian bookworm image with python3, python3-venv and this machine's CA certificates."""
    if subprocess.run(["buildah", *STORAGE, "inspect", "--type", "image", LOCAL_BASE], check=False, capture_output=True).returncode == 0:
        return LOCAL_BASE
    rootfs = work / "base"
    log("making the base image with debootstrap (once)")
    run("debootstrap", "--variant=minbase", "--include=ca-certificates,python3,python3-venv", "bookworm", str(rootfs), "http://deb.debian.org/debian")
    for cert in Path("/usr/local/share/ca-certificates").glob("*.crt"):
        shutil.copy(cert, rootfs / "usr/local/share/ca-certificates")
    run("chroot", str(rootfs), "update-ca-certificates")
    for junk in ("var/cache/apt/archives", "var/lib/apt/lists"):
        for path in (rootfs / junk).glob("*"):
            if path.is_file():
                path.unlink()
    container = buildah("from", "scratch")
    mount = buildah("mount", container)
    run("cp", "-a", f"{rootfs}/.", mount)
    buildah("config", "--env", "LANG=C.UTF-8", "--env", "PIP_CERT=/etc/ssl/certs/ca-certificates.crt", "--cmd", "/bin/bash", container)
    buildah("commit", "--rm", container, LOCAL_BASE)
    return LOCAL_BASE


def torch_wheel_dirs(given: str | None) -> list[Path]:
    candidates = [given] if given else os.environ.get("PIP_FIND_LINKS", "").split()
    return [Path(d) for d in candidates if d and list(Path(d).glob("torch-*+cpu-*.whl"))]


def serve_wheels(dirs: list[Path], work: Path) -> str:
    """Serve the torch wheels of `dirs` on loopback as a simple index; return its URL."""
    index = work / "simple" / "torch"
    index.mkdir(parents=True)
    for folder in dirs:
        for wheel in folder.glob("torch-*+cpu-*.whl"):
            (index / wheel.name).symlink_to(wheel.resolve())
    handler = functools.partial(QuietHandler, directory=str(work / "simple"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


# -- running the image -------------------------------------------------------------------------

RUNNER = r"""
set -e
mount --bind "$ROOTFS" "$TOP"
mount -o remount,bind,ro "$TOP"
mount -t tmpfs -o mode=1777 tmpfs "$TOP/tmp"
mount -t tmpfs -o mode=755 tmpfs "$TOP/dev"
for d in null zero full random urandom tty; do touch "$TOP/dev/$d"; mount --bind "/dev/$d" "$TOP/dev/$d"; done
mkdir "$TOP/dev/shm" && mount -t tmpfs -o mode=1777 tmpfs "$TOP/dev/shm"
mount --bind "$DATA" "$TOP/data"
mount -t proc proc "$TOP/proc"
mount -t sysfs -o ro sysfs "$TOP/sys"
exec chroot --userspec="$SPEC" "$TOP" /usr/bin/env -i "$@"
"""


class Image:
    """The image's root file system and configuration, run as a container would be."""

    def __init__(self, tag: str, work: Path) -> None:
        self.tag = tag
        self.work = work
        info = json.loads(buildah("inspect", "--type", "image", tag))
        self.config = info["Docker"]["config"]
        self.container = buildah("from", "--pull-never", tag)
        self.rootfs = Path(buildah("mount", self.container))
        self.top = work / "top"
        self.top.mkdir(exist_ok=True)
        self.spec = self.config.get("User") or "0:0"

    def close(self) -> None:
        buildah("umount", self.container)
        buildah("rm", self.container)

    def env(self, extra: dict[str, str]) -> list[str]:
        env = dict(e.split("=", 1) for e in self.config.get("Env", []))
        env.setdefault("HOME", "/nonexistent")
        return [f"{k}={v}" for k, v in {**env, **extra}.items()]

    def command(self, args: Sequence[str] | None, entrypoint: Sequence[str] | None = None) -> list[str]:
        entry = list(self.config.get("Entrypoint") or []) if entrypoint is None else list(entrypoint)
        return entry + list(self.config.get("Cmd") or [] if args is None else args)

    async def start(self, data: Path, args: Sequence[str] | None = None, *, network: bool, env: dict[str, str] | None = None,
                    entrypoint: Sequence[str] | None = None) -> Container:
        # --kill-child: if this check is interrupted, the container goes with it (until it changes user).
        flags = ["--fork", "--kill-child", "--pid", "--mount", "--uts", "--ipc"] + ([] if network else ["--net"])
        process = await asyncio.create_subprocess_exec(
            "unshare", *flags, "sh", "-c", RUNNER, "runner", *self.env(env or {}), *self.command(args, entrypoint),
            env={**os.environ, "ROOTFS": str(self.rootfs), "TOP": str(self.top), "DATA": str(data), "SPEC": self.spec},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        return Container(process, time.monotonic())

    def data_dir(self, name: str) -> Path:
        data = self.work / name
        data.mkdir()
        uid, gid = (int(x) for x in self.spec.split(":"))
        os.chown(data, uid, gid)
        return data


class Container:
    def __init__(self, process: asyncio.subprocess.Process, started: float) -> None:
        self.process = process
        self.started = started

    def init_pid(self) -> int | None:
        """The host's pid of the container's PID 1 (the child `unshare --fork` made)."""
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except FileNotFoundError:
            return None
        return int(children[0]) if children else None

    async def stop(self, within: float = 15.0) -> tuple[float | None, int | None]:
        """SIGTERM to PID 1, as `docker stop` sends; return (seconds to exit or None, exit status)."""
        pid = self.init_pid()
        sent = time.monotonic()
        if pid is not None:
            os.kill(pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), within)
        except TimeoutError:
            # As `docker stop` does after its grace period. SIGKILL from outside reaches a
            # namespace's PID 1 whatever it does; --kill-child does not once it changed user.
            if pid is not None:
                os.kill(pid, signal.SIGKILL)
            await self.process.wait()
            return None, None
        return time.monotonic() - sent, self.process.returncode

    async def output(self) -> tuple[str, str]:
        out, err = await self.process.communicate()
        return out.decode(errors="replace"), err.decode(errors="replace")


async def exec_in(image: Image, container: Container, args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """Run a command inside a running container's namespaces and root, as its user (like `docker exec`)."""
    pid = container.init_pid()
    uid, gid = image.spec.split(":")
    cmd = ["nsenter", "--target", str(pid), "--mount", "--pid", "--root", "--wd=/", "-S", uid, "-G", gid,
           "/usr/bin/env", "-i", *image.env({}), *args]
    return await asyncio.to_thread(subprocess.run, cmd, capture_output=True, text=True)


# -- the checks --------------------------------------------------------------------------------


def static_checks(image: Image, failures: Failures) -> dict[str, object]:
    root = image.rootfs
    site = next(root.glob("opt/venv/lib/python3*/site-packages"))
    pyc, egg_info, copies, telemetry = [], [], [], []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        rel = "/" + str(here.relative_to(root))
        pyc += [here / f for f in files if f.endswith(".pyc") and rel.startswith("/opt")]
        egg_info += [here / d for d in dirs if d.endswith(".egg-info")]
        copies += [here / f for f in files if f == "openvino_encoder.py"]
        telemetry += [here / d for d in dirs if d == "intel" and rel in ("/root", "/home", "/nonexistent", "/data", "/tmp")]
    leftovers = [str(p) for p in (root / "app", root / "src", root / "install", root / "tmp/convert") if p.exists()]
    leftovers += [str(p) for p in telemetry]
    failures.check(not pyc, f"no .pyc under /opt ({len(pyc)} found)")
    failures.check(not egg_info, f"no egg-info ({[str(p.relative_to(root)) for p in egg_info]})")
    failures.check(copies == [site / "index/openvino_encoder.py"],
                   f"one copy of the source, in site-packages ({[str(p.relative_to(root)) for p in copies]})")
    failures.check(not leftovers, f"no build folders or telemetry ({leftovers})")
    passwd = (root / "etc/passwd").read_text()
    group = (root / "etc/group").read_text()
    failures.check("frontline:x:10001:10001:" in passwd and "frontline:x:10001:" in group, "user and group frontline are 10001")
    failures.check(image.spec == "10001:10001", f"the image runs as 10001:10001 ({image.spec})")
    torch = [p.name for p in site.glob("torch-*.dist-info")]
    gpu = [p.name for p in site.glob("nvidia*")] + [p.name for p in site.glob("triton*")]
    failures.check(bool(torch) and "+cpu" in torch[0] and not gpu, f"torch is the CPU build ({torch}, {gpu or 'no CUDA packages'})")
    failures.check(bool(list((root / "opt/frontline/models").glob("openvino-*/model.xml"))), "the converted model is in the image")
    health = image.config.get("Healthcheck") or {}
    failures.check("bot.heartbeat" in " ".join(health.get("Test", [])), f"HEALTHCHECK {health.get('Test')}")
    failures.check((image.config.get("Entrypoint") or [""])[0].endswith("tini"), f"entrypoint {image.config.get('Entrypoint')}")
    size = int(run("du", "-sb", str(root)).split()[0])
    return {"image_size_mb": round(size / 1e6)}


async def ask_offline(image: Image, failures: Failures) -> dict[str, object]:
    data = image.data_dir("data-ask")
    container = await image.start(data, ["ask", "--json", QUESTION], network=False)
    out, err = await container.output()
    seconds = time.monotonic() - container.started
    try:
        answer = json.loads(out)
    except ValueError:
        answer = {}
    failures.check(container.process.returncode == 0 and answer.get("status") == "answered",
                   f"`frontline ask` answers without network in {seconds:.1f} s ({answer.get('status')}; {err.strip()[-300:]})")
    owners = {(p.stat().st_uid, p.stat().st_gid) for p in data.rglob("*")}
    failures.check(owners == {(10001, 10001)}, f"/data is written as 10001:10001 ({owners})")
    failures.check("converting" not in err, "no conversion at run time (the image's converted model is used)")
    return {"ask_seconds": round(seconds, 1), "data": data}


async def serve_and_stop(image: Image, data: Path, failures: Failures) -> dict[str, object]:
    from tests.support.loopback_api import LoopbackBotAPI

    results: dict[str, object] = {}
    async with LoopbackBotAPI() as api:
        api.add_bot(TOKEN)
        env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": f"{api.base_url}/bot"}

        container = await image.start(data, None, network=True, env=env)
        api.send_text(USER, QUESTION)
        try:
            [reply] = await api.wait_for_messages(USER, 1, timeout=180)
            answered = time.monotonic() - container.started
            failures.check("Rubizhne" in reply.text, f"`frontline serve` answers through the Bot API in {answered:.1f} s")
            results["serve_first_answer_seconds"] = round(answered, 1)
        except TimeoutError:
            failures.check(False, "`frontline serve` answers through the Bot API")
        health = None
        for _ in range(30):
            health = await exec_in(image, container, ["python", "-m", "bot.heartbeat"])
            if health.returncode == 0:
                break
            await asyncio.sleep(1)
        assert health is not None
        failures.check(health.returncode == 0, f"HEALTHCHECK passes while serving ({(health.stdout + health.stderr).strip()})")
        took, status = await container.stop()
        _, err = await container.output()
        failures.check(took is not None and took < PROMPT_STOP and status == 0,
                       f"SIGTERM while serving: stopped in {took if took is None else round(took, 2)} s, exit {status}")
        failures.check(TOKEN not in err, "the token is in no log line")
        results["stop_while_serving_seconds"] = took and round(took, 2)

        empty = image.data_dir("data-empty")  # the first start: the sample is being indexed
        for delay, folder in ((0.3, data), (5.0, data), (5.0, empty)):
            container = await image.start(folder, None, network=True, env=env)
            await asyncio.sleep(delay - (time.monotonic() - container.started))
            took, status = await container.stop()
            what = f"SIGTERM {delay} s after start{' (empty /data)' if folder == empty else ''}"
            failures.check(took is not None and took < PROMPT_STOP,
                           f"{what}: stopped in {took if took is None else round(took, 2)} s, exit {status}")
            results[what] = took and round(took, 2)

        # For comparison: the bot itself as PID 1, as the image ran before tini.
        container = await image.start(data, ["/opt/venv/bin/frontline", "serve"], network=True, env=env, entrypoint=[])
        await asyncio.sleep(0.3 - (time.monotonic() - container.started))
        took, _ = await container.stop(within=5)
        log(f"info  without tini, SIGTERM 0.3 s after start: {'ignored (killed after 5 s)' if took is None else f'stopped in {took:.2f} s'}")
        results["stop_at_0.3s_without_tini"] = "ignored" if took is None else round(took, 2)
    return results


def build(context: Path, args: argparse.Namespace, base: str, torch_index: str | None, *, cold: bool) -> float:
    cmd = ["buildah", *STORAGE, "bud", "--isolation", "chroot", "--layers", "--format", "docker",
           "--build-arg", f"BASE_IMAGE={base}", "-t", TAG]
    if torch_index:
        cmd += ["--build-arg", f"TORCH_INDEX_URL={torch_index}"]
    if cold:
        cmd.append("--no-cache")
    started = time.monotonic()
    with open(args.log, "a") as out:
        subprocess.run([*cmd, str(context)], check=True, stdout=out, stderr=subprocess.STDOUT)
    return time.monotonic() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=str(ROOT), help="the repository to clone (default: this one, its HEAD)")
    parser.add_argument("--base", help="base image (default: a Debian bookworm base made with debootstrap)")
    parser.add_argument("--torch-wheels", help="a folder holding the torch CPU wheel, served as the torch index")
    parser.add_argument("--no-rebuild", action="store_true", help="skip the one-line-change rebuild")
    parser.add_argument("--no-build", action="store_true", help=f"check the image built last ({TAG}) without building")
    parser.add_argument("--storage-driver", choices=["overlay", "vfs"],
                        default="overlay" if "overlay" in Path("/proc/filesystems").read_text() else "vfs")
    parser.add_argument("--log", default="/tmp/check_image.log", help="where buildah's output goes")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("check_image: run as root (namespaces, mounts and chroot need it)", file=sys.stderr)
        return 2
    missing = [t for t in ("buildah", "unshare", "nsenter", "chroot") if shutil.which(t) is None]
    if missing:
        print(f"check_image: {', '.join(missing)} not found; apt-get install buildah debootstrap", file=sys.stderr)
        return 2

    STORAGE[:] = ["--storage-driver", args.storage_driver, "--root", str(STORE / args.storage_driver),
                  "--runroot", str(STORE / f"run-{args.storage_driver}")]
    failures = Failures()
    results: dict[str, object] = {"storage": f"{args.storage_driver} in {STORE / args.storage_driver}"}
    with tempfile.TemporaryDirectory(prefix="check-image-") as tmp:
        work = Path(tmp)
        clone = work / "clone"
        run("git", "clone", "--quiet", args.repo, str(clone))
        results["commit"] = run("git", "-C", str(clone), "rev-parse", "--short", "HEAD").strip()
        base = args.base or make_local_base(work)
        wheels = torch_wheel_dirs(args.torch_wheels)
        torch_index = serve_wheels(wheels, work) if wheels else None
        if not args.no_build:
            # Cold: no cache from earlier runs. Left in the store, an earlier run's layers
            # can be taken for the cache of the rebuild below and miss it from there on.
            for clean in (["rmi", TAG], ["rmi", "--prune"]):  # best effort: a layer in use stays
                subprocess.run(["buildah", *STORAGE, *clean], check=False, capture_output=True)
            log(f"building {TAG} from {args.repo} at {results['commit']} on {base} (log: {args.log})")
            results["build_seconds"] = round(build(clone, args, base, torch_index, cold=True))
            log(f"built in {results['build_seconds']} s")

        image = Image(TAG, work)
        try:
            results.update(static_checks(image, failures))
            ask = asyncio.run(ask_offline(image, failures))
            results["ask_seconds"] = ask["ask_seconds"]
            results.update(asyncio.run(serve_and_stop(image, ask["data"], failures)))  # type: ignore[arg-type]
        finally:
            image.close()

        if not args.no_rebuild:
            changed = clone / "bot" / "handlers.py"
            changed.write_text(changed.read_text() + "# a one-line change\n")
            results["rebuild_seconds"] = round(build(clone, args, base, torch_index, cold=False), 1)
            image = Image(TAG, work)
            try:
                site = next(image.rootfs.glob("opt/venv/lib/python3*/site-packages"))
                failures.check((site / "bot/handlers.py").read_text().endswith("# a one-line change\n"),
                               f"a one-line change in bot/ rebuilt in {results['rebuild_seconds']} s and is in the image")
            finally:
                image.close()

    print(json.dumps(results, indent=1, default=str))
    if failures:
        log(f"{len(failures)} check(s) failed")
        return 1
    log("every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
