"""Config discovery: [tool.megaroth] or .megaroth.yaml, the closest wins, options override, unknown keys fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from megaroth.engine.running import config
from megaroth.engine.running.config import ConfigError
from formats_support import ROOT, TODAY, run_cli

WARNING_ONLY = ROOT / "samples" / "heavy-profit-sharing.yaml"  # 1 warning, 2 info, no error


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_anywhere_gives_the_defaults(tmp_path):
    found = config.discover(tmp_path)
    assert found == config.Config()


def test_pyproject_table_is_read(tmp_path):
    _write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.megaroth]\nfail-on = "warning"\nselect = ["MBR1", "MBR2"]\n'
        'ignore = "MBR205"\nexclude = ["archive/**"]\nformat = "sarif"\n',
    )
    found = config.discover(tmp_path / "a" / "b")
    assert found.path == tmp_path / "pyproject.toml"
    assert (found.fail_on, found.format) == ("warning", "sarif")
    assert (found.select, found.ignore, found.exclude) == (("MBR1", "MBR2"), ("MBR205",), ("archive/**",))


def test_the_closest_folder_wins_and_nothing_is_merged(tmp_path):
    _write(tmp_path / ".megaroth.yaml", "fail-on: info\nformat: json\n")
    _write(tmp_path / "team" / "pyproject.toml", '[tool.megaroth]\nfail-on = "warning"\n')
    found = config.discover(tmp_path / "team" / "plans")
    assert found.path == tmp_path / "team" / "pyproject.toml"
    assert (found.fail_on, found.format) == ("warning", None)


def test_a_pyproject_without_the_table_does_not_count(tmp_path):
    _write(tmp_path / ".megaroth.yaml", "fail-on: info\n")
    _write(tmp_path / "team" / "pyproject.toml", '[tool.ruff]\nline-length = 100\n')
    assert config.discover(tmp_path / "team").path == tmp_path / ".megaroth.yaml"


def test_in_one_folder_megaroth_yaml_wins_over_pyproject(tmp_path):
    _write(tmp_path / ".megaroth.yaml", "fail-on: info\n")
    _write(tmp_path / "pyproject.toml", '[tool.megaroth]\nfail-on = "warning"\n')
    assert config.discover(tmp_path).fail_on == "info"


def test_unknown_key_in_pyproject_names_key_file_and_line(tmp_path):
    path = _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.megaroth]\nfail-on = "error"\nfail_on = "warning"\n')
    with pytest.raises(ConfigError) as caught:
        config.discover(tmp_path)
    assert str(caught.value) == (
        f"{path}:6:1: unknown key 'fail_on' in the megaroth configuration; did you mean 'fail-on'?"
    )


def test_unknown_key_in_yaml_names_key_file_and_line(tmp_path):
    path = _write(tmp_path / ".megaroth.yaml", "select: [MBR1]\nrules: [MBR2]\n")
    with pytest.raises(ConfigError) as caught:
        config.discover(tmp_path)
    assert str(caught.value) == (
        f"{path}:2:1: unknown key 'rules' in the megaroth configuration; "
        "known keys are exclude, fail-on, format, ignore, limits, select"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fail-on: sometimes\n", "1:1: 'fail-on' must be one of error | warning | info | never, not 'sometimes'"),
        ("format: html\n", "1:1: 'format' must be one of text | json | sarif | junit | github, not 'html'"),
        ("exclude: {a: 1}\n", "1:1: 'exclude' must be a list of strings"),
        ("- fail-on\n", "1:1: the configuration must be a mapping of settings"),
        ("fail-on: error\nfail-on: info\n", "2:1: duplicate key 'fail-on'"),
        # select/ignore are checked where the key is, and named as the config's key, not as --select/--ignore.
        ("fail-on: error\nignore: [MBR9x9]\n", "2:1: 'ignore': 'MBR9x9' is not a rule id or prefix (MBR204, MBR2, ...)"),
        ("select:\n  - MBR205\n  - MBR999\n", "1:1: 'select': no rule matches MBR999; `megaroth rules` lists them"),
        (
            "format: !!python/object/apply:os.system [true]\n",
            "1:9: tag '!!python/object/apply:os.system' is not allowed in a config file: a config holds plain values, "
            "and megaroth never builds or runs what a tag names",
        ),
    ],
)
def test_bad_values_are_errors_with_their_position(tmp_path, text, message):
    path = _write(tmp_path / ".megaroth.yaml", text)
    with pytest.raises(ConfigError) as caught:
        config.discover(tmp_path)
    assert str(caught.value).startswith(f"{path}:{message}")


def test_broken_toml_is_an_error_with_its_position(tmp_path):
    path = _write(tmp_path / "pyproject.toml", "[tool.megaroth\nfail-on = 1\n")
    with pytest.raises(ConfigError, match=rf"^{path}:1:\d+: not valid TOML"):
        config.discover(tmp_path)


def test_config_fail_on_applies_and_the_option_overrides_it(tmp_path, monkeypatch):
    _write(tmp_path / "pyproject.toml", '[tool.megaroth]\nfail-on = "warning"\n')
    monkeypatch.chdir(tmp_path)
    assert run_cli(["check", str(WARNING_ONLY), "--today", TODAY]).exit_code == 1
    assert run_cli(["check", str(WARNING_ONLY), "--today", TODAY, "--fail-on", "error"]).exit_code == 0


def test_config_format_and_selection_apply_and_options_override(tmp_path, monkeypatch):
    _write(tmp_path / ".megaroth.yaml", "format: github\nignore: [MBR4]\n")
    monkeypatch.chdir(tmp_path)
    result = run_cli(["check", str(WARNING_ONLY), "--today", TODAY])
    assert result.stdout.startswith("::warning ")
    assert "MBR401" not in result.stdout and "MBR204" in result.stdout
    result = run_cli(["check", str(WARNING_ONLY), "--today", TODAY, "-f", "text", "--ignore", "MBR204"])
    assert "MBR401" in result.stdout and "MBR204" not in result.stdout
    assert not result.stdout.startswith("::")


def test_config_exclude_is_relative_to_the_config_folder(tmp_path, monkeypatch):
    _write(tmp_path / ".megaroth.yaml", "exclude: [plans/archive]\n")
    _write(tmp_path / "plans" / "current.yaml", WARNING_ONLY.read_text(encoding="utf-8"))
    _write(tmp_path / "plans" / "archive" / "old.yaml", "not: a plan\n")
    monkeypatch.chdir(tmp_path / "plans")
    result = run_cli(["check", ".", "--today", TODAY])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].startswith("Checked 1 file: 1 eligible with caveats.")
    # --exclude replaces the config's globs, relative to the current folder.
    result = run_cli(["check", ".", "--today", TODAY, "--exclude", "current.yaml"])
    assert result.exit_code == 2
    assert "archive/old.yaml" in result.stdout


def test_a_config_error_is_exit_2_with_one_message(tmp_path, monkeypatch):
    path = _write(tmp_path / ".megaroth.yaml", "failon: error\n")
    monkeypatch.chdir(tmp_path)
    result = run_cli(["check", str(WARNING_ONLY)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"megaroth: {path.resolve()}:1:1: unknown key 'failon' in the megaroth configuration; "
        "did you mean 'fail-on'?\n"
    )


def test_explicit_config_option_is_used_instead_of_discovery(tmp_path, monkeypatch):
    _write(tmp_path / ".megaroth.yaml", "fail-level: error\n")  # would fail if discovered
    other = _write(tmp_path / "ci" / "megaroth.yaml", "fail-on: warning\n")
    monkeypatch.chdir(tmp_path)
    assert run_cli(["check", str(WARNING_ONLY), "--config", str(other), "--today", TODAY]).exit_code == 1


@pytest.mark.parametrize("text", ["", "\n\n", "# settings to come\n"])
def test_an_empty_yaml_config_means_no_settings(tmp_path, text):
    # The config need not say anything: it still marks the folder exclude globs are relative to.
    path = _write(tmp_path / ".megaroth.yaml", text)
    assert config.discover(tmp_path) == config.Config(path=path)


def test_a_config_that_is_neither_toml_nor_yaml_by_name_is_refused(tmp_path, monkeypatch):
    # ci.toml was parsed as YAML and failed with "did not find expected <document start>".
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "ci.toml", '[tool.megaroth]\nfail-on = "warning"\n')
    result = run_cli(["check", str(WARNING_ONLY), "--config", "ci.toml"])
    assert result.stderr == (
        "megaroth: ci.toml: megaroth reads settings from pyproject.toml ([tool.megaroth]) or a .yaml/.yml file, not ci.toml\n"
    )
    assert result.exit_code == 2


@pytest.mark.parametrize("name", ["endless.yaml", "pyproject.toml"])
def test_a_config_file_is_read_within_the_size_bound(tmp_path, name):
    # --config /dev/zero (here a link to it with a config's name) read 3 GB before a MemoryError.
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    with pytest.raises(ConfigError) as caught:
        config.read(link)
    assert str(caught.value) == (
        f"{link}: file is larger than 1,048,576 bytes, the limit for a config file (set MEGAROTH_MAX_BYTES to raise it)"
    )
