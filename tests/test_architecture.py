"""The layout the campaign issue laid down, checked on the code itself: generic code names no year,
no form number and no misrouted class; parsers import nothing from intake_bot; no import cycles."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("intake_bot", "parsers")
CAMPAIGN_SPECIFIC = re.compile(r"2024|2025|附件1|plan_2025")


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for f in (ROOT / pkg).rglob("*.py"):
            name = ".".join(f.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = f
    return out


def _imports(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Every import of a module (top level and inside functions), resolved to the project's modules."""
    graph = {}
    for mod, f in mods.items():
        base = mod.split(".") if f.name == "__init__.py" else mod.split(".")[:-1]
        found = set()
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                prefix = ".".join(base[:len(base) - node.level + 1] + ([node.module] if node.module else [])) \
                    if node.level else node.module
                for a in node.names:
                    found.add(f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in mods else prefix)
        graph[mod] = {m for m in found if m in mods and m != mod}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    assert _cycles(_imports(_modules())) == []


def test_a_cycle_is_found_when_there_is_one():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_parsers_import_nothing_from_intake_bot():
    graph = _imports(_modules())
    assert {m: sorted(t for t in ts if t.startswith("intake_bot")) for m, ts in graph.items()
            if m.startswith("parsers") and any(t.startswith("intake_bot") for t in ts)} == {}


def test_no_module_imports_the_command_line():
    graph = _imports(_modules())
    assert [m for m, ts in graph.items() if "intake_bot.cli" in ts] == []


def test_generic_code_names_no_year_form_number_or_misrouted_class():
    hits = []
    for mod, f in _modules().items():
        if "campaign" in mod.split("."):
            continue                               # code that belongs to one kind of campaign
        for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if CAMPAIGN_SPECIFIC.search(line):
                hits.append(f"{f.relative_to(ROOT)}:{i}: {line.strip()}")
    assert hits == []


SOURCES = "intake_bot.sources"
LEGACY = "intake_bot.store.state_migrations"      # reads the columns earlier versions named (a column "folder")


def _kind_names() -> set[str]:
    from intake_bot import sources
    return set(sources.names())


def _naming_a_kind(tree: ast.AST, kinds: set[str]) -> list[tuple[int, str]]:
    """Where code names a source kind: the kind's name as a string ("imap", or a locator "imap:…"), the
    mailbox's kind read (`….mailbox.kind`, to branch on it), the old enum, or a kind's module imported."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                (node.value in kinds or node.value.split(":", 1)[0] in kinds and ":" in node.value):
            out.append((node.lineno, repr(node.value)))
        elif isinstance(node, ast.Attribute) and node.attr == "kind" and isinstance(node.value, ast.Attribute) \
                and node.value.attr in ("mailbox", "box"):
            out.append((node.lineno, "mailbox.kind"))
        elif isinstance(node, ast.Name) and node.id == "SourceKind":
            out.append((node.lineno, "SourceKind"))
        elif isinstance(node, ast.ImportFrom) and node.module and \
                any(node.module.endswith(f"sources.{k}") or node.module == k for k in kinds):
            out.append((node.lineno, f"import {node.module}"))
    return out


def test_no_module_outside_sources_names_or_branches_on_a_source_kind():
    kinds = _kind_names()
    hits = []
    for mod, f in _modules().items():
        if mod == SOURCES or mod.startswith(SOURCES + ".") or mod == LEGACY:
            continue
        hits += [f"{f.relative_to(ROOT)}:{line}: {what}"
                 for line, what in _naming_a_kind(ast.parse(f.read_text(encoding="utf-8")), kinds)]
    assert hits == []


def test_the_scan_sees_a_branch_on_the_kind():
    code = ('if settings.mailbox.kind == "imap":\n    pass\nfrom .sources.folder import FolderSource\n'
            'x = SourceKind.IMAP\nwhere = "imap:INBOX"\ntext = "IMAP 服务器"\n')
    assert sorted(_naming_a_kind(ast.parse(code), {"imap", "folder"})) == \
        [(1, "'imap'"), (1, "mailbox.kind"), (3, "import sources.folder"), (4, "SourceKind"), (5, "'imap:INBOX'")]


def test_every_module_of_sources_that_declares_a_kind_is_registered_and_maildir_is_one_module():
    import importlib
    import pkgutil

    from intake_bot import sources
    declared = {m.name for m in pkgutil.iter_modules(sources.__path__)
                if isinstance(getattr(importlib.import_module(f"{SOURCES}.{m.name}"), "KIND", None), sources.Kind)}
    assert declared == set(sources.names()) >= {"folder", "imap", "maildir"}
    naming = {mod for mod, f in _modules().items()
              if any(what in ("'maildir'",) or what.startswith("'maildir:")
                     for _l, what in _naming_a_kind(ast.parse(f.read_text(encoding="utf-8")), {"maildir"}))}
    assert naming == {f"{SOURCES}.maildir"}


# ---- no form field, signer title or material name outside campaign/ ---------------------------------

LITERAL = ("裁判长", "基本情况表", "competition_name", "participants")
# Words a campaign declares that generic code may still say, each for a reason of its own:
ALLOWED = {
    # the roster's own columns (roster.COLUMNS): the plan list's headers, not a form's fields
    "竞赛名称", "牵头主办单位", "联系人", "联系电话", "电子邮箱", "竞赛职业（工种）",
    # the plan's unit of a competition (an occupation), in the planning hints and the next-year application
    "职业（工种）",
    # the roster's lead host unit (牵头主办单位), as replies and match reasons name it
    "主办单位",
    # a kind of competition in competition names (…广西选拔赛), which vintage and roster matching read
    "选拔赛",
}
MIN_WORD = 3        # shorter labels (姓名, 单位, 决赛, 名次) are ordinary words of any sentence


def _campaign_words() -> set[str]:
    """What the campaign files and their readers name: materials (names, shorts), signers and the roles
    printed beside them, the forms' names, and each reader's sheet title, column headers and totals."""
    import tomllib

    from intake_bot.campaign import forms
    from intake_bot.campaign import load_campaign
    words = set(LITERAL)
    files = [*ROOT.glob("config/campaigns/*/campaign.toml"), *ROOT.glob("tests/fixtures/campaigns/*/campaign.toml")]
    assert len(files) >= 3
    for path in files:
        campaign = load_campaign(path)
        tomllib.loads(path.read_text(encoding="utf-8"))          # a campaign file is plain TOML
        for m in campaign.materials:
            words |= {m.name, m.short, m.signature, *m.signature_roles}
        for form in campaign.forms:
            reader = forms.reader(form.reader)
            words |= {form.name, reader.layout.title, *(c.header for c in reader.layout.columns),
                      *reader.totals.columns}
    return {w for w in words if len(w) >= MIN_WORD and w not in ALLOWED}


def test_no_form_field_signer_or_material_name_outside_the_campaign():
    words = _campaign_words()
    pattern = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    allowed = re.compile("|".join(map(re.escape, sorted(ALLOWED, key=len, reverse=True))))
    hits = []
    for mod, f in _modules().items():
        if mod.split(".")[:2] == ["intake_bot", "campaign"]:
            continue                               # the campaigns' own code: their readers
        for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if m := pattern.search(allowed.sub("", line)):
                hits.append(f"{f.relative_to(ROOT)}:{i}: {m.group(0)}: {line.strip()}")
    assert hits == [], "\n".join(hits)


def test_the_word_check_sees_a_signer_and_a_form_field():
    words = _campaign_words()
    assert {"裁判长", "监督员", "基本情况表", "获奖名单", "competition_name", "竞赛时间", "高级技师"} <= words


# The layers, lowest first: a module imports only from its own layer or the layers below it. Each layer
# is a folder of intake_bot (its __init__ says what it holds); the top-level modules are the application
# (commands, the service, the stage list) and may import anything.
APPLICATION = {"app", "argwords", "check", "cli", "commands", "daemon", "deciding", "editor_lock",
               "intake", "logs", "polling", "progress", "receiving", "reread", "signals", "workbook_refresh"}
LAYERS = ("base", "campaign", "settings", "store", "sources", "mail", "reading", "standing", "outputs")
MAX_LINES = 300


def _layer(module: str) -> int | None:
    if module == "intake_bot.sources":
        # The registry of source kinds (the package's face) knows only base and loads its kind modules by
        # name at run time: the settings check a mailbox's kind against it.
        return LAYERS.index("settings")
    parts = module.split(".")
    if parts[0] != "intake_bot" or len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else len(LAYERS)


def test_layers_import_only_downwards():
    upward = []
    for mod, targets in _imports(_modules()).items():
        mine = _layer(mod)
        if mine is None:
            continue
        for t in targets:
            theirs = _layer(t)
            if theirs is not None and theirs > mine:
                upward.append(f"{mod} → {t}")
    assert sorted(upward) == []


def test_every_top_level_module_is_the_application_or_a_layer():
    """Nothing new lands at the top beside the application by accident: a module there is one of these."""
    top = {m.split(".")[1] for m in _modules() if m.startswith("intake_bot.") and m.count(".") == 1
           and m.split(".")[1] not in LAYERS}
    assert top <= APPLICATION, sorted(top - APPLICATION)


def test_each_layer_says_what_it_holds():
    for layer in LAYERS:
        init = ROOT / "intake_bot" / layer / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 20, f"{init} has no line saying what the folder holds"


def test_no_module_over_300_lines():
    long = {str(f.relative_to(ROOT)): n for f in _modules().values()
            if (n := len(f.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_an_upward_import_is_found_when_there_is_one():
    assert _layer("intake_bot.store.state") < _layer("intake_bot.outputs.replies") < _layer("intake_bot.cli")
    assert _layer("parsers.pdf") is None


def test_the_reader_version_covers_the_reading_code_and_not_the_outputs():
    from intake_bot.base.version import reading_files
    files = {str(f.relative_to(ROOT)) for f in reading_files()}
    assert {"intake_bot/reading/classify.py", "intake_bot/reading/signature.py", "intake_bot/mail/mime.py",
            "intake_bot/campaign/annex1.py", "intake_bot/deciding.py", "parsers/pdf.py"} <= files
    assert not any(f.startswith(("intake_bot/outputs/", "intake_bot/sources/")) for f in files)
    assert "intake_bot/cli.py" not in files and "intake_bot/app.py" not in files


def test_every_folder_of_code_is_a_package_the_build_finds():
    """A wheel or `pip install .` takes the packages setuptools finds: each folder holding modules is one,
    and the project file asks setuptools to find them (not a list that a new folder would miss)."""
    import tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(project["tool"]["setuptools"]["packages"]["find"]["include"]) >= {"intake_bot*", "parsers*"}
    for pkg in PACKAGES:
        for folder in {f.parent for f in (ROOT / pkg).rglob("*.py")}:
            assert (folder / "__init__.py").is_file(), f"{folder} holds modules but is not a package"
