"""The site's ``static/`` folder: published at the root as it is, with the content
folders' rules for hidden files and symlinks (sitegen/load/static_files.py)."""

from __future__ import annotations

import os
import time

import pytest

from sitegen.build import build
from sitegen.check import check_site
from sitegen.config import parse_config
from sitegen.errors import ConfigError, ProblemsError
from sitegen.load.static_files import collisions, gather_static
from sitegen.serve_watch import watch_plan

from .conftest import add_seed, make_site, tree_digest

ICON = bytes(range(256)) * 4  # binary, copied byte for byte


def test_gather_publishes_files_and_well_known_but_not_hidden_ones(tmp_path):
    site = make_site(tmp_path / "s", {
        "static/favicon.ico": ICON, "static/img/logo.svg": "<svg/>", "static/.DS_Store": b"\0",
        "static/.git/config": "[core]", "static/img/.hidden.png": b"x",
        "static/.well-known/security.txt": "Contact: mailto:redactie@example.org\n",
        "static/img/.well-known/x.txt": "nested: not the real one",
        "geheim.txt": "GEHEIM",
    })
    os.symlink(site / "static" / "img" / "logo.svg", site / "static" / "logo.svg")  # inside: published
    os.symlink(site / "geheim.txt", site / "static" / "geheim.txt")  # outside: refused
    os.symlink(site / "static" / "img", site / "static" / "plaatjes")  # a folder: refused
    files, problems = gather_static(site, "static")
    assert [f.output for f in files] == [".well-known/security.txt", "favicon.ico", "img/logo.svg", "logo.svg"]
    assert sorted(str(p) for p in problems) == [
        "static/geheim.txt: a symlink that leads outside the static folder; refusing to publish it",
        "static/plaatjes: a symlink to a folder; static files must be real files or links to files inside it",
    ]
    assert gather_static(site, "elders") == ([], [])  # no folder, nothing to publish


def test_a_static_file_may_replace_robots_txt_only():
    from sitegen.load.resources import LinkedFile

    static = [LinkedFile(p, None) for p in ("index.html", "robots.txt", "favicon.ico", "pagefind/x.js")]  # type: ignore[arg-type]
    problems = collisions(static, {"index.html", "robots.txt", "sitemap.xml"}, "static")
    assert [p.path for p in problems] == ["static/index.html", "static/pagefind/x.js"]
    assert "override its template in themes/" in problems[0].message


def test_static_dir_must_be_a_folder_of_its_own():
    for text in ('static_dir = "build/extra"\n', 'static_dir = "content"\n', 'static_dir = "."\n',
                 'content_dirs = ["static"]\nstatic_dir = "static"\n'):
        with pytest.raises(ConfigError, match="overlaps"):
            parse_config(text, __import__("pathlib").Path("/tmp"))
    # a site that never asked for static files, whose content is the whole folder: none
    assert parse_config('content_dirs = ["."]\n', __import__("pathlib").Path("/tmp")).static_dir == ""
    assert gather_static(__import__("pathlib").Path("/tmp"), "") == ([], [])
    assert parse_config('static_dir = "public"\n', __import__("pathlib").Path("/tmp")).static_dir == "public"


def test_watcher_sees_the_static_folder(tmp_path):
    site = make_site(tmp_path / "s", {}, 'static_dir = "extra"\n')
    assert site / "extra" in watch_plan(site, parse_config('static_dir = "extra"\n', site)).roots


@pytest.mark.slow
def test_build_publishes_static_files_and_sees_their_edits(tmp_path, seed_path, embedded_annotator):
    site = make_site(tmp_path / "s", {
        "static/favicon.ico": ICON, "static/.well-known/security.txt": "Contact: mailto:redactie@example.org\n",
        "static/google1234.html": "google-site-verification: google1234.html",
        "static/robots.txt": "User-agent: *\nDisallow: /\n", "static/.DS_Store": b"\0",
    })
    add_seed(site, seed_path)
    time.sleep(2.1)  # older than git's racy window, so the next build may take the fast path
    build(site, annotator=embedded_annotator)
    out = site / "build"
    assert (out / "favicon.ico").read_bytes() == ICON
    assert (out / ".well-known/security.txt").read_text() == "Contact: mailto:redactie@example.org\n"
    assert (out / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"  # the site's own
    assert not (out / ".DS_Store").exists()
    assert "google1234" not in (out / "sitemap.xml").read_text()  # a file, not a page of the archive
    assert build(site, annotator=embedded_annotator).fast_path
    # `sitegen check` takes the verification page as it is, but not a broken link in a static page
    assert check_site(site) == []
    (site / "static/over.html").write_text('<!doctype html><html lang="nl"><title>Over</title><a href="weg.html">x</a></html>')
    build(site, annotator=embedded_annotator)
    assert [str(p) for p in check_site(site)] == ["over.html:1: href='weg.html': no such file in the build (weg.html)"]
    (site / "static/over.html").unlink()

    (site / "static/favicon.ico").write_bytes(ICON[::-1])
    edited = build(site, annotator=embedded_annotator)
    assert not edited.fast_path and edited.annotate.annotated == 0 and edited.write.written == 1
    assert (out / "favicon.ico").read_bytes() == ICON[::-1]

    (site / "static/robots.txt").unlink()
    build(site, annotator=embedded_annotator)
    assert "Sitemap:" in (out / "robots.txt").read_text() or "User-agent" in (out / "robots.txt").read_text()
    assert (out / "robots.txt").read_text() != "User-agent: *\nDisallow: /\n"  # generated again


@pytest.mark.slow
def test_a_static_file_over_a_page_stops_the_build_and_keeps_build(tmp_path, seed_path, embedded_annotator):
    site = make_site(tmp_path / "s", {"static/favicon.ico": ICON})
    add_seed(site, seed_path)
    build(site, annotator=embedded_annotator)
    before = tree_digest(site / "build")
    (site / "static/index.html").write_text("<p>mijn eigen home</p>")
    (site / "static/landen").mkdir()
    (site / "static/landen/index.html").write_text("<p>eigen landenlijst</p>")
    with pytest.raises(ProblemsError) as caught:
        build(site, annotator=embedded_annotator)
    message = str(caught.value)
    assert "static/index.html: would replace the file sitegen generates at index.html" in message
    assert "static/landen/index.html" in message
    assert tree_digest(site / "build") == before
    assert not [p for p in site.iterdir() if p.name.startswith(".sitegen-tmp")]


@pytest.mark.slow
def test_a_symlink_out_of_static_is_a_content_problem(tmp_path, seed_path, embedded_annotator):
    site = make_site(tmp_path / "s", {"static/favicon.ico": ICON, "geheim.txt": "GEHEIM"})
    add_seed(site, seed_path)
    os.symlink(site / "geheim.txt", site / "static" / "geheim.txt")
    with pytest.raises(ProblemsError, match="static/geheim.txt: a symlink that leads outside the static folder"):
        build(site, annotator=embedded_annotator)
    assert not (site / "build").exists()
