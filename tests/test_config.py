from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import load_config, parse_config
from sitegen.errors import ConfigError


def test_defaults_without_file(tmp_path):
    config = load_config(tmp_path)
    assert config.language == "nl" and config.base_path == "/" and config.content_dirs == ("seeds", "content")


def test_base_path_from_url():
    config = parse_config('base_url = "https://example.org/archief"\n', Path("."))
    assert config.base_url == "https://example.org/archief/"
    assert config.base_path == "/archief/"


def test_all_problems_reported_at_once_with_lines():
    text = 'title = "x"\ntitel = "y"\npage_size = 0\nlanguage = "klingon"\ncontent_dirs = ["../buiten"]\n'
    with pytest.raises(ConfigError) as info:
        parse_config(text, Path("."), "sitegen.toml")
    message = str(info.value)
    assert "sitegen.toml:2: unknown key 'titel'" in message
    assert "sitegen.toml:3: page_size: expected a whole number" in message
    assert "sitegen.toml:4: language" in message
    assert "sitegen.toml:5: content_dirs" in message
    assert len(info.value.problems) == 4


def test_invalid_toml_names_line():
    with pytest.raises(ConfigError) as info:
        parse_config('title = "x"\nbase_url = \n', Path("."), "sitegen.toml")
    assert "sitegen.toml:2" in str(info.value)


def test_base_url_override_validated():
    config = parse_config("", Path("."))
    assert config.with_base_url("/sub").base_path == "/sub/"
    with pytest.raises(ConfigError):
        config.with_base_url("javascript:alert(1)")


@pytest.mark.parametrize(("output", "what"), [
    (".", "the site folder itself"),
    ("content", "is content folder 'content'"),
    ("seeds", "is content folder 'seeds'"),
    ("themes", "is the templates folder"),
    ("site", "holds content folder 'site/content'"),
    (".sitegen-cache", "is cache_dir"),
])
def test_output_folder_that_would_replace_the_users_files_is_refused(output, what):
    """Each build replaces the output folder whole: pointed at the articles, the templates
    or the cache, the second build would have deleted them."""
    text = f'content_dirs = ["seeds", "site/content"]\noutput_dir = "{output}"\n'
    if output == "content":
        text = text.replace('"site/content"', '"content"')
    with pytest.raises(ConfigError) as err:
        parse_config(text, Path("/tmp"))
    problem = next(p for p in err.value.problems if "output_dir" in p.message and what in p.message)
    assert problem.line == 2


def test_output_folder_inside_a_content_folder_is_allowed():
    config = parse_config('content_dirs = ["."]\noutput_dir = "public"\n', Path("/tmp"))
    assert config.output_dir == "public"
