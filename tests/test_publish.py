"""Issue 7 proof: ``sitegen publish`` to a git branch, a folder and rsync, with real git.

A small site is built once; the site folder is a git repository on branch ``main`` with a
commit, an uncommitted change and an untracked file, and every test checks that publishing
left all of that exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.cli import main
from sitegen.errors import ProblemsError, SitegenError
from sitegen.publish import MARKER, publish

from .conftest import tree_digest
from .test_static_hosting import make_small_site

pytestmark = pytest.mark.slow

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV})
    return done.stdout


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))  # no user settings leak in


@pytest.fixture(scope="module")
def built(tmp_path_factory, embedded_annotator) -> Path:
    site = make_small_site(tmp_path_factory.mktemp("publish") / "site")
    build(site, base_url="https://example.github.io/archief/", annotator=embedded_annotator, use_cache=False)
    return site


@pytest.fixture
def site(built, tmp_path) -> Path:
    """The built site as the user's git repository, with work in progress."""
    site = tmp_path / "site"
    shutil.copytree(built, site)
    (site / ".gitignore").write_text("build/\n", encoding="utf-8")
    git("init", "--quiet", "--initial-branch=main", cwd=site)
    git("add", ".", cwd=site)
    git("commit", "--quiet", "-m", "site sources", cwd=site)
    (site / "notities.txt").write_text("nog niet gecommit\n", encoding="utf-8")
    with (site / "sitegen.toml").open("a", encoding="utf-8") as f:
        f.write("# uncommitted edit\n")
    return site


def _user_state(site: Path) -> tuple[str, ...]:
    return (git("symbolic-ref", "HEAD", cwd=site), git("rev-parse", "HEAD", cwd=site),
            git("status", "--porcelain", "--untracked-files=all", cwd=site),
            (site / "notities.txt").read_text(encoding="utf-8"), (site / "sitegen.toml").read_text(encoding="utf-8"),
            git("stash", "list", cwd=site), git("worktree", "list", "--porcelain", cwd=site))


def _commits(repo: Path, branch: str) -> list[str]:
    return git("rev-list", branch, cwd=repo).split()


def _clone_digest(remote: Path, branch: str, dest: Path) -> dict[str, str]:
    git("clone", "--quiet", "--branch", branch, str(remote), str(dest))
    shutil.rmtree(dest / ".git")
    return tree_digest(dest)


def test_publish_to_bare_repo_then_republish_and_update(site, tmp_path):
    remote = tmp_path / "pages.git"
    git("init", "--quiet", "--bare", str(remote))
    before = _user_state(site)

    summary = publish(site, str(remote), branch="gh-pages", cname="archief.example.org")
    files = tree_digest(site / "build")
    assert f"{len(files) + 1} added, 0 changed, 0 deleted" in summary, summary
    assert "+ .nojekyll" in summary and "+ 2022/01/index.html" in summary
    clone = _clone_digest(remote, "gh-pages", tmp_path / "clone1")
    assert (tmp_path / "clone1" / "CNAME").read_text(encoding="utf-8") == "archief.example.org\n"
    assert clone == {**files, "CNAME": clone["CNAME"]}
    assert ".nojekyll" in clone and "404.html" in clone
    assert len(_commits(remote, "gh-pages")) == 1

    again = publish(site, str(remote), branch="gh-pages", cname="archief.example.org")
    assert again.startswith("nothing to publish"), again
    assert len(_commits(remote, "gh-pages")) == 1

    # a rebuild with one page changed, one file added and one removed
    home = site / "build" / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</main>", "<p>Nieuw!</p></main>"), encoding="utf-8")
    (site / "build" / "extra.txt").write_text("extra\n", encoding="utf-8")
    (site / "build" / "robots.txt").unlink()
    summary = publish(site, str(remote), branch="gh-pages")  # no --cname: the published CNAME is kept
    assert "1 added, 1 changed, 1 deleted" in summary, summary
    assert "+ extra.txt" in summary and "~ index.html" in summary and "- robots.txt" in summary
    commits = _commits(remote, "gh-pages")
    assert len(commits) == 2
    assert git("rev-parse", "gh-pages^", cwd=remote).strip() == commits[1]
    clone = _clone_digest(remote, "gh-pages", tmp_path / "clone2")
    assert "extra.txt" in clone and "robots.txt" not in clone and "CNAME" in clone

    assert _user_state(site) == before


def test_publish_to_a_branch_of_the_users_own_repository(site):
    """gh-pages in the site's own repository: the branch is created by a push; the checked-out
    branch, the index and the uncommitted work are untouched, and 'main' itself is refused."""
    before = _user_state(site)
    summary = publish(site, str(site), branch="gh-pages")
    assert "added" in summary
    assert git("ls-tree", "--name-only", "gh-pages", cwd=site).split().count("index.html") == 1
    assert _user_state(site) == before
    with pytest.raises(SitegenError, match="checked out"):
        publish(site, str(site), branch="main")
    assert _user_state(site) == before


def test_publish_via_named_remote_and_cli(site, tmp_path, capsys, monkeypatch):
    remote = tmp_path / "pages.git"
    git("init", "--quiet", "--bare", str(remote))
    git("remote", "add", "pages", str(remote), cwd=site)
    (tmp_path / "cwd" / "pages").mkdir(parents=True)  # a folder named like the remote: the remote wins, as in git
    monkeypatch.chdir(tmp_path / "cwd")
    before = _user_state(site)
    assert main(["publish", "pages", "--site", str(site), "--branch", "gh-pages", "--message", "Site v1"]) == 0
    assert "added" in capsys.readouterr().out
    assert git("log", "-1", "--format=%s", "gh-pages", cwd=remote).strip() == "Site v1"
    assert _user_state(site) == before


def test_commits_are_reproducible_with_source_date_epoch(site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    heads = []
    for name in ("a.git", "b.git"):
        git("init", "--quiet", "--bare", str(tmp_path / name))
        publish(site, str(tmp_path / name), branch="gh-pages")
        heads.append(git("rev-parse", "gh-pages", cwd=tmp_path / name))
    assert heads[0] == heads[1]


def test_refuses_a_build_that_fails_the_check(site, tmp_path):
    remote = tmp_path / "pages.git"
    git("init", "--quiet", "--bare", str(remote))
    home = site / "build" / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace('href="landen/"', 'href="landen/weg/"', 1), encoding="utf-8")
    with pytest.raises(ProblemsError, match="refusing to publish") as caught:
        publish(site, str(remote), branch="gh-pages")
    assert "index.html" in str(caught.value) and "landen/weg/" in str(caught.value)
    assert git("for-each-ref", cwd=remote) == ""
    with pytest.raises(ProblemsError):
        publish(site, str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_publish_to_folder(site, tmp_path):
    dest = tmp_path / "www" / "archief"
    summary = publish(site, str(dest))
    assert "0 changed, 0 deleted" in summary
    digest = tree_digest(dest)
    assert digest.pop(MARKER) and digest == tree_digest(site / "build")
    assert publish(site, str(dest)).startswith("nothing to publish")

    (site / "build" / "robots.txt").unlink()
    (site / "build" / "extra.txt").write_text("extra\n", encoding="utf-8")
    feed = site / "build" / "feed.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace("<title>", "<title>Nieuw: ", 1), encoding="utf-8")
    summary = publish(site, str(dest), cname="archief.example.org")
    assert "2 added, 1 changed, 1 deleted" in summary, summary  # extra.txt and CNAME added
    assert not (dest / "robots.txt").exists() and (dest / "CNAME").exists()

    stranger = tmp_path / "someone-elses"
    stranger.mkdir()
    (stranger / "belangrijk.txt").write_text("niet weggooien\n", encoding="utf-8")
    with pytest.raises(SitegenError, match="not published by sitegen"):
        publish(site, str(stranger))
    assert (stranger / "belangrijk.txt").exists()
    with pytest.raises(SitegenError, match="overlaps"):
        publish(site, str(site / "build" / "sub"))


def test_publish_with_rsync_to_a_local_folder(site, tmp_path):
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed")
    dest = tmp_path / "rsync-dest"
    summary = publish(site, f"rsync:{dest}")
    assert f"{len(tree_digest(site / 'build'))} added" in summary, summary
    assert tree_digest(dest) == tree_digest(site / "build")
    assert publish(site, f"rsync:{dest}").startswith("nothing to publish")
    feed = site / "build" / "feed.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace("<title>", "<title>Nieuw: ", 1), encoding="utf-8")
    (site / "build" / "extra.txt").write_text("extra\n", encoding="utf-8")
    os.unlink(site / "build" / "robots.txt")
    summary = publish(site, f"rsync:{dest}")
    assert "1 added, 1 changed, 1 deleted" in summary, summary
    assert "+ extra.txt" in summary and "~ feed.xml" in summary and "- robots.txt" in summary


def test_publishing_a_build_without_a_host_warns_about_its_addresses(site, tmp_path, capsys, embedded_annotator):
    """A sitemap of path-only addresses is ignored by search engines: publishing says so."""
    assert main(["publish", str(tmp_path / "www"), "--site", str(site)]) == 0
    assert "warning" not in capsys.readouterr().err  # built with https://example.github.io/archief/
    plain = make_small_site(tmp_path / "plain")
    build(plain, annotator=embedded_annotator, use_cache=False)
    assert main(["publish", str(tmp_path / "www2"), "--site", str(plain)]) == 0
    err = capsys.readouterr().err
    assert "built without a host in base_url ('/')" in err and "--base-url" in err
    assert (tmp_path / "www2" / "index.html").is_file()  # a warning, not a refusal: an intranet needs no host


def test_a_build_with_drafts_is_never_published(tmp_path, embedded_annotator):
    """`sitegen build --drafts` to look at a draft, then `sitegen publish`, would have put
    the draft (an embargoed story) on the public site."""
    site = make_small_site(tmp_path / "site", "https://example.org/")
    (site / "content").mkdir(exist_ok=True)
    (site / "content" / "embargo.md").write_text(
        "---\ntitle: Nog geheim\ndate: 2022-01-20\ndraft: true\n---\nHet kabinet valt morgen.\n", encoding="utf-8")
    build(site, annotator=embedded_annotator, include_drafts=True)
    assert list((site / "build").glob("2022/01/nog-geheim/index.html"))
    with pytest.raises(SitegenError, match=r"holds 1 draft article\(s\), built with --drafts \(content/embargo\.md\)"):
        publish(site, str(tmp_path / "www"))
    assert not (tmp_path / "www").exists()
    build(site, annotator=embedded_annotator)
    assert "added" in publish(site, str(tmp_path / "www"))
    assert not list((tmp_path / "www").glob("2022/01/nog-geheim/*"))
