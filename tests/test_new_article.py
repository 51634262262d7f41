"""``sitegen article``: a new draft in a content folder, which a build leaves out until it
is published and ``--drafts`` shows even while it is still empty."""

from __future__ import annotations

import pytest
import yaml

from sitegen.build import build
from sitegen.cli import main
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.scaffold import new_article, new_site


def test_a_new_article_is_an_empty_draft_with_its_title_and_date(tmp_path):
    site = new_site(tmp_path / "s")
    path = new_article(load_config(site), 'De „nieuwe” Kamer: wat wil ze?', "2025-04-09")
    assert path == site / "content" / "2025-04-09-de-nieuwe-kamer-wat-wil-ze.md"
    front = path.read_text(encoding="utf-8").split("---\n")[1]
    assert yaml.safe_load(front) == {"title": "De „nieuwe” Kamer: wat wil ze?", "date": "2025-04-09", "draft": True}
    with pytest.raises(SitegenError, match="already exists"):
        new_article(load_config(site), 'De „nieuwe” Kamer: wat wil ze?', "2025-04-09")
    assert new_article(load_config(site), "Oud", "1998-05", "seeds").name == "1998-05-oud.md"


@pytest.mark.parametrize(("title", "date", "folder", "message"), [
    ("  ", "2025-04-09", None, "needs a title"),
    ("Titel", "2025-13", None, "month must be 01–12"),
    ("Titel", "9 april", None, "expected YYYY-MM or YYYY-MM-DD"),
    ("Titel", "2025-04", "build", "not one of the content folders"),
    ("Titel", "2025-04", "../elders", "not one of the content folders"),
])
def test_bad_requests_are_refused_with_the_reason(tmp_path, title, date, folder, message):
    site = new_site(tmp_path / "s")
    with pytest.raises(SitegenError, match=message):
        new_article(load_config(site), title, date, folder)


def test_cli_prints_the_path_and_how_to_preview(tmp_path, capsys):
    site = new_site(tmp_path / "s")
    assert main(["article", "Proef", "--site", str(site), "--date", "2025-04"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(str(site / "content" / "2025-04-proef.md")) and "sitegen serve --drafts" in out
    assert main(["article", "Proef", "--site", str(site), "--date", "2025-04"]) == 1  # exists: an error, not a traceback
    assert "already exists" in capsys.readouterr().err


@pytest.mark.slow
def test_an_empty_draft_is_left_out_of_a_build_and_shown_with_drafts(tmp_path, embedded_annotator):
    site = new_site(tmp_path / "s")
    path = new_article(load_config(site), "Nog te schrijven", "2025-04-09")
    report = build(site, annotator=embedded_annotator)
    assert report.articles == 2 and not (site / "build" / "2025" / "04").exists()
    preview = site / ".sitegen-cache" / "drafts-preview"
    assert build(site, annotator=embedded_annotator, include_drafts=True, output=preview).articles == 3
    page = (preview / "2025" / "04" / "nog-te-schrijven" / "index.html").read_text(encoding="utf-8")
    assert "Nog te schrijven" in page and 'class="draft"' in page
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    with pytest.raises(SitegenError, match="no body text"):  # published while empty: refused
        build(site, annotator=embedded_annotator)


@pytest.mark.slow
def test_a_new_english_site_builds_in_english_with_english_addresses(tmp_path, capsys):
    """``sitegen new --language en``: English samples, theme words, dates and folder names
    from the first build, its names marked by the embedded English pipeline."""
    assert main(["new", str(tmp_path / "en"), "--language", "en"]) == 0
    site = tmp_path / "en"
    config = load_config(site)
    assert (config.language, config.title, dict(config.folder_names)["actors"]) == ("en", "News archive", "actors")
    build(site)
    out = site / "build"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home and "Actors" in home and 'href="about/"' in home
    assert (out / "actors" / "anna-fielding" / "index.html").is_file() and not (out / "actoren").exists()
    assert "Councillor (example)." in (out / "actors" / "anna-fielding" / "index.html").read_text(encoding="utf-8")
    assert (out / "countries").is_dir() and (out / "archive").is_dir() and (out / "data" / "annotations.json").is_file()
    (page,) = (out / "2024" / "03").glob("york-council*/index.html")
    assert "5 March 2024" in page.read_text(encoding="utf-8")
    with pytest.raises(SitegenError, match="sample articles in nl, en, de, fr, not 'es'"):
        new_site(tmp_path / "es", language="es")


@pytest.mark.slow
@pytest.mark.parametrize("language, title, names, about, date", [
    ("de", "Nachrichtenarchiv", ["anna-becker", "munster"], "ueber", "5. März 2024"),
    ("fr", "Archives d'actualités", ["anne-moreau", "loire", "nantes"], "a-propos", "5 mars 2024"),
])
def test_a_new_german_or_french_site_builds_in_its_language(tmp_path, capsys, language, title, names, about, date):
    """``sitegen new --language de|fr``: samples written in that language, its theme words
    and dates, English folder names, and only the sample's names marked: no German noun
    ("Der Plan", "Stadtrat") taken for a name."""
    assert main(["new", str(tmp_path / language), "--language", language]) == 0
    site = tmp_path / language
    config = load_config(site)
    assert (config.language, config.title, dict(config.folder_names)["actors"]) == (language, title, "actors")
    build(site)
    out = site / "build"
    assert f'<html lang="{language}">' in (out / "index.html").read_text(encoding="utf-8")
    assert (out / about / "index.html").is_file()
    assert sorted(p.name for p in (out / "actors").iterdir() if p.is_dir()) == names  # the person and places
    pages = sorted((out / "2024" / "03").glob("*/index.html"))
    assert len(pages) == 2 and any(date in p.read_text(encoding="utf-8") for p in pages)


@pytest.mark.parametrize("command", ["build", "check", "publish", "review", "article"])
def test_a_folder_that_is_no_site_is_refused_before_anything_is_written(tmp_path, capsys, command):
    """A mistyped --site, or a build started in the wrong folder, made that folder and an
    empty site's build/ in it."""
    extra = {"publish": ["elders"], "article": ["Titel"]}.get(command, [])
    missing = tmp_path / "typo"
    assert main([command, *extra, "--site", str(missing)]) == 1
    assert "no such folder" in capsys.readouterr().err and not missing.exists()
    stranger = tmp_path / "home"
    (stranger / "Documents").mkdir(parents=True)
    assert main([command, *extra, "--site", str(stranger)]) == 1
    assert "not a sitegen site" in capsys.readouterr().err
    assert sorted(p.name for p in stranger.iterdir()) == ["Documents"]


def test_annotate_names_a_missing_or_odd_input_in_one_line(tmp_path, capsys):
    """``sitegen annotate`` of a mistyped path, a folder or --conll of a missing file
    printed a traceback; each is now one line naming it."""
    for argv, words in ((["annotate", str(tmp_path / "geen.txt")], "geen.txt: no such file"),
                        (["annotate", str(tmp_path)], "not a regular file"),
                        (["annotate", "--conll", str(tmp_path / "in.conll"), "--out", str(tmp_path / "o")],
                         "in.conll: no such file")):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err


def test_new_never_overwrites_the_users_files(tmp_path, capsys):
    """``sitegen new`` in an existing folder wrote its samples over the user's files (and
    a file given as the folder was a traceback); a repository's .gitignore is kept and
    gets the lines it lacks."""
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    (repo / ".gitignore").write_text("*.pyc", encoding="utf-8")
    (repo / "content" / "entities.toml").write_text("# mine\n", encoding="utf-8")
    with pytest.raises(SitegenError, match="already has content/entities.toml; refusing to overwrite"):
        new_site(repo)
    assert (repo / "content" / "entities.toml").read_text(encoding="utf-8") == "# mine\n"
    assert sorted(p.name for p in repo.rglob("*")) == [".gitignore", "content", "entities.toml"]
    (repo / "content" / "entities.toml").unlink()
    new_site(repo)
    assert (repo / ".gitignore").read_text(encoding="utf-8").splitlines()[:3] == ["*.pyc", "build/", ".sitegen-cache/"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["new", str(tmp_path / "file")]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--port", "99999"])  # the OS would take it as port 34463
    assert exit_.value.code == 2 and "99999 is not a port" in capsys.readouterr().err
