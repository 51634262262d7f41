"""``sitegen publish``: copy a checked build to a git branch, a folder or an rsync target.

Three rules hold for every target:

* a build that fails ``sitegen check`` is never published (the check runs first);
* what changed is reported (files added, changed, deleted), and an unchanged build
  publishes nothing (for git: no new commit);
* the user's own repository is never touched. Git publishing works in a throwaway bare
  repository in a temp folder: it fetches the target branch there, builds the new tree with
  a private index file whose work tree is ``build/``, commits with ``commit-tree`` and
  pushes. No checkout, stash or branch switch happens anywhere, so uncommitted work and the
  current branch of the site's repository stay exactly as they were.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .buildlock import exclusive
from .check import built_base_url, check_site
from .config import load_config
from .errors import ProblemsError, SitegenError

MARKER = ".sitegen-published"  # marks a folder that ``publish`` may mirror into (and delete from)
LISTED = 20  # files listed per kind of change; the counts are always complete
_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Changes:
    """What a publish changed at the target, as sorted site-relative paths."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.deleted)

    def report(self, headline: str) -> str:
        lines = [f"{headline}: {len(self.added)} added, {len(self.changed)} changed, {len(self.deleted)} deleted"]
        for sign, paths in (("+", self.added), ("~", self.changed), ("-", self.deleted)):
            lines.extend(f"  {sign} {p}" for p in paths[:LISTED])
            if len(paths) > LISTED:
                lines.append(f"  {sign} … and {len(paths) - LISTED} more")
        return "\n".join(lines)


def publish(site: Path, target: str, *, branch: str | None = None, remote: str | None = None,
            cname: str | None = None, message: str = "Publish site", build: Path | None = None,
            waiting: Callable[[Path], None] | None = None) -> str:
    """Publish the site's checked build to ``target``; return a summary of what changed.

    ``branch`` given: ``target`` (or ``remote``) is a git URL, a local repository path or the
    name of a remote of the site's repository, and the build becomes the tip of that branch.
    ``rsync:[HOST:]PATH``: mirrored with rsync. Anything else: a local folder, mirrored.
    A build of the same site waits until it is published (``waiting``: as for ``build``).
    """
    from .build import output_state

    config = load_config(site)
    folder = build if build is not None else config.output_path
    # a build swapping in a new site meanwhile would publish something else than was checked
    state = output_state(config, folder)
    with exclusive(state, waiting):
        if drafts := built_drafts(state):
            raise SitegenError(f"refusing to publish: {folder} holds {len(drafts)} draft article(s), built with "
                               f"--drafts ({', '.join(drafts[:5])}{' …' if len(drafts) > 5 else ''}); "
                               "run 'sitegen build' without --drafts first")
        return _publish_checked(site, folder, target, branch, remote, cname, message)


def built_drafts(state: Path) -> list[str]:
    """The draft articles the last build of this output holds (``build.DRAFTS``), by file;
    [] when none, or when no build of this sitegen recorded them."""
    from .build import DRAFTS

    try:
        drafts = json.loads((state / DRAFTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(d) for d in drafts] if isinstance(drafts, list) else []


def address_warning(folder: Path) -> str:
    """A warning when the build in ``folder`` was made without a host in ``base_url``:
    its sitemap then lists path-only addresses, which search engines ignore, and its
    feeds link by path only; "" when it has a host (or no sitemap to tell)."""
    base = built_base_url(folder)
    if base is None or urlsplit(base).netloc:
        return ""
    return (f"warning: {folder} was built without a host in base_url ({base!r}): its sitemap and feeds give "
            "addresses without the domain, which search engines do not accept; for a public site set "
            "base_url = \"https://…\" in sitegen.toml (or build with --base-url) and build again")


def _publish_checked(site: Path, folder: Path, target: str, branch: str | None, remote: str | None,
                     cname: str | None, message: str) -> str:
    problems = check_site(site, folder)
    if problems:
        raise ProblemsError(problems[:50], f"refusing to publish: 'sitegen check' found {len(problems)} problem(s) "
                                           f"in {folder}; fix them and rebuild (first {min(len(problems), 50)}):")
    extras = _extra_files(folder, cname)
    if branch is not None:
        return publish_git(folder, _git_url(site, remote or target), branch, extras, message)
    if remote is not None:
        raise SitegenError("--remote needs --branch (the branch to publish to, e.g. gh-pages)")
    if target.startswith("rsync:"):
        return publish_rsync(folder, target[len("rsync:"):], extras)
    return publish_folder(folder, Path(target), extras, site)


def _extra_files(build: Path, cname: str | None) -> dict[str, bytes]:
    """Files added next to the build: CNAME (GitHub Pages custom domain), .nojekyll if missing."""
    extras: dict[str, bytes] = {}
    if cname is not None:
        domain = cname.strip().lower()
        if not _DOMAIN.fullmatch(domain):
            raise SitegenError(f"--cname: expected a domain name such as 'archief.example.org', got {cname!r}")
        extras["CNAME"] = (domain + "\n").encode("ascii")
    if not (build / ".nojekyll").exists():
        extras[".nojekyll"] = b""  # GitHub Pages would otherwise run Jekyll and drop _files
    return extras


def _build_files(build: Path) -> list[str]:
    return sorted(p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file() or p.is_symlink())


# ---------------------------------------------------------------- folder


def publish_folder(build: Path, dest: Path, extras: dict[str, bytes], site: Path | None = None) -> str:
    """Make ``dest`` an exact copy of the build (plus extras), writing only what changed.

    Deleting is what makes a mirror, and also what could destroy someone's files, so
    ``dest`` must be new, empty, or marked by an earlier publish; and it may not overlap the
    build or the site.
    """
    dest = dest.expanduser().resolve()
    build = build.resolve()
    if dest == build or dest in build.parents or build in dest.parents:
        raise SitegenError(f"refusing to publish into {dest}: it overlaps the build folder {build}")
    if site is not None and (dest == site.resolve() or dest in site.resolve().parents):
        raise SitegenError(f"refusing to publish into {dest}: mirroring there would delete the site's sources")
    if dest.exists() and not dest.is_dir():
        raise SitegenError(f"{dest} exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not (dest / MARKER).exists():
        raise SitegenError(f"refusing to publish into {dest}: it is not empty and was not published by sitegen "
                           f"(no {MARKER} file); choose a new or empty folder")
    new: dict[str, Path | bytes] = {rel: build / rel for rel in _build_files(build)}
    new.update(extras)
    new[MARKER] = b"This folder is a copy of a sitegen build; 'sitegen publish' mirrors into it.\n"
    old = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file() or p.is_symlink()}
    added: list[str] = []
    changed: list[str] = []
    for rel, source in new.items():
        data = source.read_bytes() if isinstance(source, Path) else source
        path = dest / rel
        if rel in old and path.is_file() and not path.is_symlink() and path.read_bytes() == data:
            continue
        (added if rel not in old else changed).append(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        tmp = path.with_name(f".{path.name}.sitegen-tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # readers of the live folder see the old file or the new one
    deleted = sorted(old - set(new))
    for rel in deleted:
        (dest / rel).unlink(missing_ok=True)
    for folder in sorted((p for p in dest.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()
    changes = Changes(tuple(sorted(a for a in added if a != MARKER)), tuple(sorted(c for c in changed if c != MARKER)),
                      tuple(deleted))
    if not changes:
        return f"nothing to publish: {dest} already holds this build"
    return changes.report(f"published {build} to {dest}")


# ---------------------------------------------------------------- rsync


def publish_rsync(build: Path, dest: str, extras: dict[str, bytes]) -> str:
    """Mirror the build with ``rsync --delete --checksum``; parse its itemized changes."""
    rsync = shutil.which("rsync")
    if rsync is None:
        raise SitegenError("publishing to rsync: needs the rsync program (Debian: apt-get install rsync)")
    if not dest:
        raise SitegenError("rsync target: expected rsync:HOST:PATH or rsync:/local/path, got an empty path")
    with tempfile.TemporaryDirectory(prefix="sitegen-publish-") as tmp:
        sources = [f"{build}/"]
        if extras:
            for name, data in extras.items():
                (Path(tmp) / name).write_bytes(data)
            sources.append(f"{tmp}/")
        if ":" not in dest:
            Path(dest).mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [rsync, "--recursive", "--links", "--times", "--checksum", "--delete", "--itemize-changes",
             "--chmod=D755,F644", *sources, dest if dest.endswith("/") else dest + "/"],
            capture_output=True, text=True, check=False,
        )
    if done.returncode != 0:
        raise SitegenError(f"rsync to {dest} failed (exit {done.returncode}): {done.stderr.strip()}")
    added: list[str] = []
    changed: list[str] = []
    deleted: list[str] = []
    for line in done.stdout.splitlines():
        code, _, name = line.partition(" ")
        name = name.strip()
        if code == "*deleting":
            if not name.endswith("/"):
                deleted.append(name)
        elif len(code) == 11 and code[0] in "<>" and code[1] == "f":
            (added if code[2:] == "+" * 9 else changed).append(name)
    changes = Changes(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(deleted)))
    if not changes:
        return f"nothing to publish: {dest} already holds this build"
    return changes.report(f"published {build} to rsync:{dest}")


# ---------------------------------------------------------------- git


def _git_url(site: Path, target: str) -> str:
    """The URL of a named remote of the site's repository, else a local path (made
    absolute) or a URL. A remote comes first, as in git: a site's own ``pages/`` folder
    must not take the place of a remote called ``pages``."""
    if re.fullmatch(r"[A-Za-z0-9._-]+", target):
        found = subprocess.run(["git", "-C", str(site), "remote", "get-url", target],
                               capture_output=True, text=True, check=False)
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    if Path(target).expanduser().exists():
        return str(Path(target).expanduser().resolve())
    return target


def publish_git(build: Path, url: str, branch: str, extras: dict[str, bytes], message: str) -> str:
    """Commit the build as the new tip of ``branch`` at ``url`` (no new commit when unchanged)."""
    if not re.fullmatch(r"(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+(?<![./])", branch):
        raise SitegenError(f"--branch: expected a branch name such as 'gh-pages', got {branch!r}")
    if shutil.which("git") is None:
        raise SitegenError("publishing to a git branch needs git (Debian: apt-get install git)")
    _refuse_checked_out(url, branch)
    build = build.resolve()
    with tempfile.TemporaryDirectory(prefix="sitegen-publish-") as tmp:
        git = _Git(Path(tmp), build)
        git("init", "--quiet")  # GIT_DIR and GIT_WORK_TREE are set: an empty repository in tmp
        ref = f"refs/heads/{branch}"
        listed = git("ls-remote", url, ref).split()
        parent = listed[0] if listed else None
        if parent:
            git("fetch", "--quiet", "--depth=1", url, ref)
            parent = git("rev-parse", "FETCH_HEAD").strip()
        git("add", "--all", "--force")  # the whole work tree, i.e. build/
        blobs = dict(extras)
        if parent and "CNAME" not in blobs and not (build / "CNAME").exists():
            kept = git("ls-tree", parent, "CNAME").split()
            if kept:  # keep a custom domain set earlier (e.g. in GitHub's settings page)
                blobs["CNAME"] = git("cat-file", "blob", kept[2]).encode("utf-8")
        for name, data in sorted(blobs.items()):
            blob = git("hash-object", "-w", "--stdin", input=data).strip()
            git("update-index", "--add", "--cacheinfo", f"100644,{blob},{name}")
        tree = git("write-tree").strip()
        where = f"branch {branch} of {url}"
        if parent and git("rev-parse", f"{parent}^{{tree}}").strip() == tree:
            return f"nothing to publish: {where} already holds this build (commit {parent[:12]})"
        changes = _tree_changes(git, parent, tree)
        commit = git("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message).strip()
        git("push", "--quiet", url, f"{commit}:{ref}", error=f"could not push to {where} (fetch and retry if "
                                                            "someone else published meanwhile)")
    return changes.report(f"published {build} to {where} (commit {commit[:12]})")


def _tree_changes(git: _Git, parent: str | None, tree: str) -> Changes:
    if parent is None:
        return Changes(tuple(sorted(git("ls-tree", "-r", "-z", "--name-only", tree).split("\0")[:-1])))
    out = git("diff-tree", "-r", "-z", "--no-renames", "--name-status", parent, tree).split("\0")[:-1]
    kinds: dict[str, list[str]] = {"A": [], "M": [], "D": [], "T": []}
    for status, path in zip(out[::2], out[1::2]):
        kinds.setdefault(status[0], []).append(path)
    return Changes(tuple(sorted(kinds["A"])), tuple(sorted(kinds["M"] + kinds["T"])), tuple(sorted(kinds["D"])))


def _refuse_checked_out(url: str, branch: str) -> None:
    """Never move the branch a local working copy has checked out (its files would go stale)."""
    path = Path(url)
    if not path.is_dir():
        return
    head = subprocess.run(["git", "-C", str(path), "symbolic-ref", "--quiet", "HEAD"],
                          capture_output=True, text=True, check=False)
    bare = subprocess.run(["git", "-C", str(path), "rev-parse", "--is-bare-repository"],
                          capture_output=True, text=True, check=False)
    if bare.stdout.strip() == "false" and head.stdout.strip() == f"refs/heads/{branch}":
        raise SitegenError(f"refusing to publish to branch {branch} of {url}: it is the branch checked out there; "
                           f"publish to another branch (e.g. gh-pages)")


class _Git:
    """Runs git against the throwaway repository, with ``build/`` as the work tree of a
    private index. The user's global config still applies (credential helpers, SSH), but the
    settings that could change file content (autocrlf, attributes, filters) or run hooks are
    pinned off."""

    def __init__(self, tmp: Path, build: Path) -> None:
        self.dir = tmp / "repo.git"
        self.env = {
            **os.environ,
            "GIT_DIR": str(self.dir), "GIT_WORK_TREE": str(build), "GIT_INDEX_FILE": str(tmp / "index"),
            "GIT_TERMINAL_PROMPT": os.environ.get("GIT_TERMINAL_PROMPT", "0"),
        }
        for var in ("GIT_NAMESPACE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR"):
            self.env.pop(var, None)
        name, email = _identity(tmp)
        self.env.setdefault("GIT_AUTHOR_NAME", name)
        self.env.setdefault("GIT_AUTHOR_EMAIL", email)
        self.env.setdefault("GIT_COMMITTER_NAME", self.env["GIT_AUTHOR_NAME"])
        self.env.setdefault("GIT_COMMITTER_EMAIL", self.env["GIT_AUTHOR_EMAIL"])
        if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():  # reproducible commits on request
            stamp = f"@{os.environ['SOURCE_DATE_EPOCH']} +0000"
            self.env.setdefault("GIT_AUTHOR_DATE", stamp)
            self.env.setdefault("GIT_COMMITTER_DATE", stamp)
        self.cwd = tmp
        self.pinned = ["-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "-c", "core.attributesFile=/dev/null",
                       "-c", f"core.hooksPath={tmp / 'no-hooks'}", "-c", "core.symlinks=true"]

    def __call__(self, *args: str, input: bytes | None = None, error: str | None = None) -> str:
        done = subprocess.run(["git", *self.pinned, *args], cwd=self.cwd, env=self.env, input=input,
                              capture_output=True, check=False)
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip()
            raise SitegenError(f"{error or 'git ' + args[0] + ' failed'}: {detail}")
        return done.stdout.decode("utf-8", "surrogateescape")


def _identity(cwd: Path) -> tuple[str, str]:
    """The user's global git identity, else a neutral one (commit-tree needs some identity)."""
    def get(key: str) -> str:
        done = subprocess.run(["git", "config", key], cwd=cwd, capture_output=True, text=True, check=False)
        return done.stdout.strip()
    return get("user.name") or "sitegen", get("user.email") or "sitegen@localhost"
