"""The installer files that cannot run here: checked for what they promise.

The Linux install script is run for real, in a temporary home.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from desktop.core import paths, settings

INSTALLER = Path(__file__).resolve().parents[2] / "installer"
WORKFLOW = INSTALLER.parent / ".github" / "workflows" / "windows-installer.yml"


def iss_sections(path: Path) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        header = re.fullmatch(r"\[(\w+)\]", line.strip())
        if header:
            current = header.group(1)
            sections.setdefault(current, [])
        elif current and line.strip() and not line.lstrip().startswith(";"):
            sections[current].append(line)
    return sections


def messages(lines: list[str]) -> dict[str, str]:
    return dict(line.split("=", 1) for line in lines if "=" in line)


def test_windows_install_is_per_user_in_albanian_and_english() -> None:
    script = iss_sections(INSTALLER / "kujdes.iss")
    setup = messages(script["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith("{autopf}")
    assert "PrivilegesRequiredOverridesAllowed" not in setup
    languages = " ".join(script["Languages"])
    assert 'Name: "sq"; MessagesFile: "Albanian.isl"' in languages
    assert 'Name: "en"; MessagesFile: "compiler:Default.isl"' in languages
    assert any("{group}" in line and "kujdes.exe" in line for line in script["Icons"])


def test_custom_messages_exist_in_both_languages() -> None:
    custom = messages(iss_sections(INSTALLER / "kujdes.iss")["CustomMessages"])
    albanian = {k.removeprefix("sq."): v for k, v in custom.items() if k.startswith("sq.")}
    english = {k.removeprefix("en."): v for k, v in custom.items() if k.startswith("en.")}
    assert albanian.keys() == english.keys() and len(albanian) >= 8
    for name, text in albanian.items():
        assert text.count("%n") == english[name].count("%n"), name
    code = (INSTALLER / "kujdes.iss").read_text(encoding="utf-8-sig")
    for used in set(re.findall(r"CustomMessage\('(\w+)'\)", code)) | set(
            re.findall(r"\{cm:(\w+)", code)):
        assert used in albanian or used in {"CreateDesktopIcon", "AdditionalIcons",
                                              "UninstallProgram", "LaunchProgram"}, used


def test_albanian_messages_file_is_complete_and_keeps_placeholders() -> None:
    path = INSTALLER / "Albanian.isl"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM for Inno Setup"
    sections = iss_sections(path)
    options = messages(sections["LangOptions"])
    assert options["LanguageName"] == "Shqip" and options["LanguageID"] == "$041C"
    texts = messages(sections["Messages"])
    assert len(texts) == len(sections["Messages"]) >= 266, "no duplicates, every 6.4 message"
    for name in ("ButtonNext", "ButtonBack", "ButtonCancel", "ButtonInstall", "ButtonFinish",
                 "ConfirmUninstall", "UninstalledAll", "WelcomeLabel1", "SelectLanguageLabel",
                 "ExitSetupMessage", "FinishedLabel", "ClickNext"):
        assert texts[name].strip(), name
    assert "%1" in texts["ConfirmUninstall"] and "[name]" in texts["WelcomeLabel1"]
    custom = messages(sections["CustomMessages"])
    assert "%1" in custom["LaunchProgram"] and "%1" in custom["UninstallProgram"]


def test_installer_presets_the_settings_file_the_application_reads() -> None:
    code = (INSTALLER / "kujdes.iss").read_text(encoding="utf-8-sig")
    assert paths.APP_NAME == "Kujdes" and settings.FILE_NAME == "settings.json"
    assert "ExpandConstant('{localappdata}\\Kujdes')" in code
    assert "'settings.json'" in code and '"server_url"' in code
    assert "{param:SERVER|}" in code and "{param:REMOVEDATA|no}" in code
    assert "{param:CACERT|}" in code and "WriteSetting('ca_cert', CaCertName)" in code
    install_delete = iss_sections(INSTALLER / "kujdes.iss")["InstallDelete"]
    assert all("{app}" in line for line in install_delete), "upgrades touch only the program"
    assert code.count("DelTree(") == 1 and "if (CurUninstallStep = usPostUninstall) and " \
        "RemoveData then" in code


def test_workflow_builds_checks_and_uploads_the_installer() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    job = workflow["jobs"]["installer"]
    assert job["runs-on"].startswith("windows")
    steps = job["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("actions/setup-python") for u in uses)
    assert any(u.startswith("actions/upload-artifact") for u in uses)
    script = "\n".join(step.get("run", "") for step in steps)
    for needed in ("pip install", "PyInstaller", "installer/kujdes.spec", "ISCC.exe",
                   "installer\\kujdes.iss", "kujdes-cli.exe --self-test", "/SERVER=",
                   "/CACERT=", "ca_cert", "/REMOVEDATA=yes"):
        assert needed in script, needed


def test_desktop_entry() -> None:
    path = INSTALLER / "linux" / "kujdes.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(path, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Exec"] == "kujdes"
    assert section["Icon"] == "kujdes" and section["Terminal"] == "false"
    assert "GenericName[sq]" in section
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_icons_are_drawn() -> None:
    icons = INSTALLER / "icons"
    assert (icons / "kujdes.svg").read_text(encoding="utf-8").startswith("<svg")
    assert (icons / "kujdes.png").read_bytes().startswith(b"\x89PNG")
    assert (icons / "kujdes.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


# -- the Linux install script, for real --------------------------------------------------

@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "unpacked" / "kujdes"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "kujdes").write_text("#!/bin/sh\necho kujdes\n")
    (bundle / "kujdes").chmod(0o755)
    for name in ("install-kujdes.sh", "kujdes.desktop"):
        source = INSTALLER / "linux" / name
        shutil.copy(source, bundle / name)
    shutil.copy(INSTALLER / "icons" / "kujdes.png", bundle / "kujdes.png")
    return bundle


def run_install(bundle: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(["sh", str(bundle / "install-kujdes.sh"), *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_linux_install_presets_server_upgrades_and_uninstalls_keeping_vaults(
        fake_bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    config = home / ".config" / "Kujdes" / "settings.json"
    vault = home / ".local" / "share" / "Kujdes" / "vaults" / "arta" / "key.json"

    done = run_install(fake_bundle, home, "--server", "https://kujdes.puke.example")
    assert done.returncode == 0, done.stderr
    program = home / ".local" / "share" / "kujdes-app"
    assert (program / "kujdes").is_file() and (program / "_internal").is_dir()
    assert (home / ".local" / "bin" / "kujdes").resolve() == program / "kujdes"
    entry = (home / ".local" / "share" / "applications" / "kujdes.desktop").read_text()
    assert f"Exec={program}/kujdes" in entry
    assert json.loads(config.read_text())["server_url"] == "https://kujdes.puke.example"

    vault.parent.mkdir(parents=True)
    vault.write_text("{}")
    config.write_text(json.dumps({"language": "en", "idle_lock_minutes": 9,
                                  "server_url": "https://old.example", "later": [1]}))
    done = run_install(fake_bundle, home, "--server=https://kujdes.kucove.example")
    assert done.returncode == 0, done.stderr
    assert json.loads(config.read_text()) == {
        "language": "en", "idle_lock_minutes": 9, "later": [1],
        "server_url": "https://kujdes.kucove.example"}
    assert vault.is_file(), "an upgrade keeps the vaults"

    assert run_install(fake_bundle, home, "--server", "ftp://nope").returncode != 0
    assert run_install(fake_bundle, home, "--uninstall").returncode == 0
    assert not program.exists() and vault.is_file() and config.is_file()
    assert run_install(fake_bundle, home, "--uninstall", "--remove-data").returncode == 0
    assert not vault.exists() and not config.exists()


def test_linux_install_presets_the_municipality_ca_and_refuses_plain_http(
        fake_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.sync.tls import make_pki

    home = tmp_path / "home"
    home.mkdir()
    config = home / ".config" / "Kujdes"
    pki = make_pki(tmp_path / "pki")
    refused = run_install(fake_bundle, home, "--server", "http://10.20.0.5:8765")
    assert refused.returncode != 0 and "plain http:// is refused" in refused.stderr
    not_pem = tmp_path / "notes.txt"
    not_pem.write_text("not a certificate")
    assert run_install(fake_bundle, home, "--ca-cert", str(not_pem)).returncode != 0
    assert not (config / "settings.json").exists(), "nothing is written after a refusal"

    done = run_install(fake_bundle, home, "--server", "https://kujdes.puke.example",
                       "--ca-cert", str(pki.ca_cert))
    assert done.returncode == 0, done.stderr
    saved = json.loads((config / "settings.json").read_text())
    assert saved == {"server_url": "https://kujdes.puke.example",
                     "ca_cert": "municipality-ca.pem"}
    assert (config / "municipality-ca.pem").read_bytes() == pki.ca_cert.read_bytes()
    # The application finds the certificate the installer put there.
    monkeypatch.setenv("KUJDES_CONFIG_DIR", str(config))
    assert settings.server_ca_cert() == str(config / "municipality-ca.pem")
    assert run_install(fake_bundle, home, "--server", "http://127.0.0.1:8765",
                       "--settings-only").returncode == 0
