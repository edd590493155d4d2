"""The export-template registry: one YAML file per platform export and header version.

Templates are data so that header drift (a platform renaming or appending a column) is a new file, not a
code change. The simulator writes headers from these files and the reader recognises files with them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

TEMPLATE_DIR = Path(__file__).parent / "templates"

PARSERS = frozenset(
    {"text", "id", "money", "number", "int", "percent", "timestamp", "date", "date_range", "epoch"}
)
CONFIDENCE_LEVELS = frozenset({"real", "catalogued", "assumed"})

# Characters that platforms sprinkle into header cells: BOM, zero-width, ideographic space, tabs, newlines.
_HEADER_NOISE = re.compile(r"[\s\u3000\ufeff\u200b-\u200d\u00a0]+")
_HEADER_SPELLINGS = str.maketrans({"帐": "账", "（": "(", "）": ")", "：": ":", "，": ","})


def normalise_header(text: object) -> str:
    """Header text as used for matching; the raw header is kept elsewhere.

    Real files write `收货地址 ` (trailing space), `动帐`/`动账`, `（元）`/`(元)` and put BOMs or
    zero-width characters into cells; all of these must match the same template column.
    """
    if text is None:
        return ""
    return _normalise_text(text if isinstance(text, str) else str(text))


@functools.lru_cache(maxsize=1 << 16)
def _normalise_text(text: str) -> str:
    # Cached: every file of an export repeats the same header cells.
    folded = unicodedata.normalize("NFKC", text)
    return _HEADER_NOISE.sub("", folded).translate(_HEADER_SPELLINGS).lower()


@dataclass(frozen=True)
class Column:
    header: str
    column: str
    parser: str
    required: bool = False
    pii: bool = False
    # Other texts of the same header in other layouts of the export (千牛 renamed 买家实际支付金额 to
    # 买家实付金额): the first one present in a file binds the column.
    aliases: tuple[str, ...] = ()
    # A required column with a fallback is satisfied by the fallback column when its own header is
    # absent or its cell empty (Youzan's 买家手机号, else 收货人手机号/提货人手机号); staging then
    # uses the fallback's value the same way.
    fallback: str | None = None

    @functools.cached_property
    def key(self) -> str:
        return normalise_header(self.header)

    @functools.cached_property
    def keys(self) -> tuple[str, ...]:
        """Normalised header texts that bind this column, the primary first."""
        return tuple(dict.fromkeys([self.key, *(normalise_header(a) for a in self.aliases)]))


@dataclass(frozen=True)
class Template:
    platform: str
    export_type: str
    version: str
    description: str
    confidence: str
    grain: str
    file_name: re.Pattern[str]
    file_types: tuple[str, ...]
    columns: tuple[Column, ...]
    file_fields: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    source: str = ""
    path: Path | None = None

    @property
    def template_id(self) -> str:
        return f"{self.platform}__{self.export_type}__{self.version}"

    @property
    def table(self) -> str:
        """The raw table every version of this export lands in."""
        return f"{self.platform}__{self.export_type}"

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def required(self) -> list[Column]:
        return list(self._required)

    @functools.cached_property
    def _required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    @functools.cached_property
    def required_groups(self) -> tuple[tuple[Column, frozenset[str]], ...]:
        """Per required column, the normalised headers any one of which satisfies it: its own
        texts and those of its fallback column."""
        by_name = {c.column: c for c in self.columns}
        groups = []
        for c in self._required:
            keys = set(c.keys)
            if c.fallback:
                keys.update(by_name[c.fallback].keys)
            groups.append((c, frozenset(keys)))
        return tuple(groups)

    def missing_required(self, keys: set[str] | frozenset[str]) -> list[Column]:
        """Required columns that a header row holding `keys` lacks (fallbacks considered)."""
        return [c for c, group in self.required_groups if group.isdisjoint(keys)]

    def matches(self, keys: set[str] | frozenset[str]) -> bool:
        """True when a header row holding `keys` has every required column (or its fallback)."""
        return all(not group.isdisjoint(keys) for _, group in self.required_groups)

    def describe_required(self) -> list[str]:
        """Required headers as a user reads them: `a` or `a (or b)` with aliases and fallbacks."""
        by_name = {c.column: c for c in self.columns}
        out = []
        for c in self._required:
            others = list(c.aliases)
            if c.fallback:
                others.append(by_name[c.fallback].header.strip())
            out.append(c.header.strip() + (f" (or {' / '.join(others)})" if others else ""))
        return out

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.column == name:
                return c
        raise KeyError(f"{self.template_id} has no column {name!r}")


class TemplateError(ValueError):
    """A template file that cannot be used; the message names the file and the field."""


def _parse(path: Path) -> Template:
    # The C loader when PyYAML has it: the pure-Python one spends ~50 ms per template.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    where = f"template {path}"
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as exc:
        raise TemplateError(f"{where}: not valid YAML: {' '.join(str(exc).split())}") from exc
    if not isinstance(doc, dict):
        raise TemplateError(f"{where}: expected a mapping of keys (platform, export_type, …), got {doc!r}")
    for key in ("platform", "export_type", "version", "file_name", "columns"):
        if key not in doc:
            raise TemplateError(f"{where}: missing key {key!r}")
    columns = []
    for i, c in enumerate(doc["columns"], start=1):
        if c.get("parser") not in PARSERS:
            raise TemplateError(
                f"{where}: column {i} ({c.get('header')!r}) has parser {c.get('parser')!r}; "
                f"expected one of {sorted(PARSERS)}"
            )
        columns.append(
            Column(
                header=str(c["header"]),
                column=str(c["column"]),
                parser=c["parser"],
                required=bool(c.get("required", False)),
                pii=bool(c.get("pii", False)),
                aliases=tuple(str(a) for a in c.get("aliases") or ()),
                fallback=c.get("fallback"),
            )
        )
    names = [c.column for c in columns]
    if len(set(names)) != len(names):
        raise TemplateError(f"{where}: canonical column names repeat: {names}")
    for c in columns:
        if c.fallback is not None and (c.fallback not in names or c.fallback == c.column):
            raise TemplateError(
                f"{where}: column {c.column!r} has fallback {c.fallback!r}; expected another "
                f"column of this template, one of {names}"
            )
    texts = [k for c in columns for k in c.keys]
    if len(set(texts)) != len(texts):
        repeated = sorted({k for k in texts if texts.count(k) > 1})
        raise TemplateError(f"{where}: header texts or aliases repeat across columns: {repeated}")
    confidence = doc.get("confidence", "assumed")
    if confidence not in CONFIDENCE_LEVELS:
        raise TemplateError(f"{where}: confidence {confidence!r} not in {sorted(CONFIDENCE_LEVELS)}")
    try:
        pattern = re.compile(doc["file_name"])
    except re.error as exc:
        raise TemplateError(f"{where}: file_name is not a valid regular expression: {exc}") from exc
    return Template(
        platform=doc["platform"],
        export_type=doc["export_type"],
        version=str(doc["version"]),
        description=doc.get("description", ""),
        confidence=confidence,
        grain=doc.get("grain", ""),
        file_name=pattern,
        file_types=tuple(doc.get("file_types", ["csv"])),
        columns=tuple(columns),
        file_fields=dict(doc.get("file_fields") or {}),
        notes=tuple(doc.get("notes") or ()),
        source=doc.get("source", ""),
        path=path,
    )


def load_templates(directories: Iterable[Path] | None = None) -> list[Template]:
    """Every template under the given directories (default: the packaged registry)."""
    dirs = [Path(d) for d in directories] if directories else [TEMPLATE_DIR]
    return [_parse(p) for d in dirs for p in sorted(d.rglob("*.yaml"))]


@functools.cache
def default_templates() -> tuple[Template, ...]:
    return tuple(load_templates())


def get_template(platform: str, export_type: str, version: str | None = None) -> Template:
    """The named template; without a version, the only (or last in name order) version."""
    found = [
        t
        for t in default_templates()
        if t.platform == platform
        and t.export_type == export_type
        and (version is None or t.version == version)
    ]
    if not found:
        raise KeyError(f"no template for {platform}/{export_type} version {version or 'any'}")
    return found[-1]
