"""Load coding schemes from YAML, validating strictly: every error names file, line and field."""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Callable, Iterable, Iterator

import yaml

from observer.errors import SchemeError
from observer.scheme.model import (
    Group,
    Item,
    RuptureType,
    Scale,
    ScaleValue,
    Scheme,
    SummarySettings,
    Value,
)

RESERVED_KEYS = frozenset("0123456789?q")
"""Keys no scheme item may take: digits enter rating values, ``?`` opens help, ``q`` quits."""

SHIPPED_PACKAGE = "observer.schemes"

_ID = re.compile(r"[a-z][a-z0-9_]*")
_SCHEME_ID = re.compile(r"[a-z0-9-]+")
_ID_HINT = "Use lower-case letters, digits and underscores, starting with a letter (e.g. wd_denial)."

_NULL = "tag:yaml.org,2002:null"
_SAFE = yaml.constructor.SafeConstructor()
_NUMBERS: dict[str, Callable[[yaml.Node], object]] = {
    "tag:yaml.org,2002:int": _SAFE.construct_yaml_int,
    "tag:yaml.org,2002:float": _SAFE.construct_yaml_float,
}
_TYPED_SCALARS = {**_NUMBERS, "tag:yaml.org,2002:bool": _SAFE.construct_yaml_bool, _NULL: _SAFE.construct_yaml_null}

_SCHEME_KEYS = ("id", "name", "version", "source", "description", "definitions", "unit", "scales",
                "groups", "session_items", "summary")
_SCALE_KINDS = ("presence", "ordinal", "interval", "nominal")
_GROUP_KINDS = ("rupture", "resolution", "rating", "other")
_GROUP_KEYS = ("id", "label", "kind", "description", "items", "rating")
_RATING_KEYS = ("id", "label", "description", "key", "scale")
_SESSION_ITEM_KEYS = _RATING_KEYS + ("tags",)
_SEGMENT_ITEM_KEYS = _SESSION_ITEM_KEYS + ("rating",)
_NUMERIC_KINDS = ("ordinal", "interval")


def shipped_schemes() -> dict[str, Traversable]:
    """The schemes shipped with observer, by name (the file name without ``.yaml``)."""
    entries = sorted(_shipped_folder().iterdir(), key=lambda entry: entry.name)
    return {entry.name.removesuffix(".yaml"): entry for entry in entries if entry.name.endswith(".yaml")}


def load_scheme(name_or_path: str | Path) -> Scheme:
    """Load a shipped scheme by name (``3rs-2015``, ...) or a scheme file by path."""
    shipped = shipped_schemes()
    if isinstance(name_or_path, str) and name_or_path in shipped:
        resource = shipped[name_or_path]
        return load_scheme_text(resource.read_text(encoding="utf-8"), str(resource))
    path = Path(name_or_path)
    return load_scheme_text(_read(path, shipped), str(path))


def load_scheme_text(text: str, source: str) -> Scheme:
    """Parse and validate scheme YAML; ``source`` names the text in error messages."""
    root = _compose(text, source)
    return _SchemeBuilder().build(root, text)


def _shipped_folder() -> Traversable:
    """Where the shipped YAML files are: the installed package, or ``schemes/`` in a source tree."""
    try:
        return resources.files(SHIPPED_PACKAGE)
    except ModuleNotFoundError:  # not installed: pyproject maps schemes/ to the package only on install
        return Path(__file__).resolve().parents[2] / "schemes"


def _read(path: Path, shipped: Iterable[str]) -> str:
    """The text of a scheme file, or a SchemeError saying why it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SchemeError(
            "the file does not exist.",
            file=path,
            hint=f"Give the path of a YAML file or a shipped scheme: {', '.join(shipped)}.",
        ) from None
    except OSError as exc:
        raise SchemeError(f"the file cannot be read ({exc.strerror}).", file=path,
                          hint="Check the path and its permissions.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SchemeError(
            f"the file is not UTF-8 text (byte {data[exc.start]:#04x}).",
            file=path,
            line=data.count(b"\n", 0, exc.start) + 1,
            hint="Save the file with UTF-8 encoding.",
        ) from None


_FAST_LOADER_DEPTH = 2000


def _compose(text: str, source: str) -> _Node:
    """The document's root mapping node, or a SchemeError for syntax errors and non-mappings."""
    hint = "Check the indentation, colons and quotes on this line and the one before."
    try:
        node = _compose_node(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = ", ".join(part for part in (exc.context, exc.problem) if part)
        raise SchemeError(f"YAML syntax error: {problem}.", file=source,
                          line=mark.line + 1 if mark else None, hint=hint) from None
    except yaml.reader.ReaderError as exc:
        raise _bad_character(text, text.find(chr(exc.character)), source) from None
    except RecursionError:
        raise SchemeError("the YAML is nested too deeply.", file=source,
                          hint="A scheme needs only a few levels of nesting.") from None
    if node is None:
        raise SchemeError("the file is empty.", file=source, line=1,
                          hint="Copy a shipped scheme (e.g. 3rs-2015.yaml) and edit it.")
    root = _Node(node, "", source)
    if not isinstance(node, yaml.MappingNode):
        raise root.error(f"a scheme must be a mapping of keys such as id, name and groups, not {_kind(node)}.",
                         hint="Copy a shipped scheme (e.g. 3rs-2015.yaml) and edit it.")
    return root


def _compose_node(text: str) -> yaml.Node | None:
    """Compose with libyaml when the text cannot nest deeply (about 6x faster), else in pure Python.

    libyaml recurses without a limit and crashes the process on very deep
    nesting; depth is bounded by the flow openers plus the indentation, so a text
    with few of either is safe for it. Errors are always worded (and located) by
    the pure-Python loader.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    openers = text.count("[") + text.count("{")
    indent = max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)
    if fast is not None and openers + indent < _FAST_LOADER_DEPTH:
        try:
            return yaml.compose(text, Loader=fast)
        except (yaml.YAMLError, UnicodeError):
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _bad_character(text: str, index: int, source: str) -> SchemeError:
    """The error for a character YAML does not allow, at its line."""
    return SchemeError(f"the character U+{ord(text[index]):04X} is not allowed in YAML.", file=source,
                       line=text.count("\n", 0, index) + 1,
                       hint="Remove it, or write it as an escape inside double quotes.")


def _kind(node: yaml.Node) -> str:
    """How a node reads in an error message."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "empty" if node.tag == _NULL else repr(node.value)


def _choices(name: str, options: Iterable[str], what: str) -> str:
    """A hint listing the options, with the closest one first when ``name`` looks like a typo."""
    options = list(options)
    close = difflib.get_close_matches(name, options, n=1)
    guess = f"Did you mean {close[0]!r}? " if close else ""
    return f"{guess}{what}: {', '.join(options) or 'none'}."


def _plain(node: yaml.Node) -> object:
    """The plain Python value of a validated node, for the canonical content hash."""
    if isinstance(node, yaml.MappingNode):
        return {key.value: _plain(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(value) for value in node.value]
    construct = _TYPED_SCALARS.get(node.tag)
    try:
        return construct(node) if construct else node.value
    except ValueError:  # e.g. a description that merely looks like a number
        return node.value


class _Node:
    """A YAML node and its field path, so that every error can say where it happened."""

    def __init__(self, node: yaml.Node, path: str, source: str) -> None:
        self.node = node
        self.path = path
        self.source = source

    def join(self, name: str) -> str:
        """The field path of a key below this node."""
        return f"{self.path}.{name}" if self.path else name

    def error(self, message: str, *, hint: str | None = None, field: str | None = None) -> SchemeError:
        """A SchemeError at this node's line, for this field (or a named field below it)."""
        return SchemeError(message, file=self.source, line=self.node.start_mark.line + 1,
                           field=field if field is not None else self.path or None, hint=hint)

    def missing(self, name: str, hint: str | None = None) -> SchemeError:
        """The error for a required key this mapping lacks."""
        return self.error("is missing.", field=self.join(name), hint=hint or f"Add {name}: to this entry.")

    def pairs(self) -> Iterator[tuple[_Node, _Node]]:
        """The (key, value) nodes of a mapping with plain, unrepeated keys."""
        if not isinstance(self.node, yaml.MappingNode):
            raise self.error(f"must be a mapping (key: value lines), not {_kind(self.node)}.")
        seen: set[str] = set()
        for key_node, value_node in self.node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Node(key_node, self.path, self.source).error(
                    f"keys must be plain names, not {_kind(key_node)}.", hint="Write name: value.")
            name = key_node.value
            key = _Node(key_node, self.join(name), self.source)
            if name in seen:
                raise key.error(f"{name!r} is given twice in this mapping.", hint="Keep only one of them.")
            seen.add(name)
            yield key, _Node(value_node, self.join(name), self.source)

    def mapping(self, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict[str, _Node]:
        """The fields of a mapping with a fixed set of keys; empty (null) values count as absent."""
        fields: dict[str, _Node] = {}
        for key, value in self.pairs():
            name = key.node.value
            if name not in allowed:
                raise key.error(f"unknown key {name!r}.", hint=_choices(name, allowed, "Allowed keys here"))
            if value.node.tag != _NULL:
                fields[name] = value
        for name in required:
            if name not in fields:
                raise self.missing(name)
        return fields

    def sequence(self) -> list[_Node]:
        """The entries of a list."""
        if not isinstance(self.node, yaml.SequenceNode):
            raise self.error(f"must be a list, not {_kind(self.node)}.",
                             hint="Write one entry per line, each starting with '- '.")
        return [_Node(value, f"{self.path}[{index}]", self.source) for index, value in enumerate(self.node.value)]

    def text(self, *, empty_ok: bool = False) -> str:
        """A scalar read as text, whatever YAML type it resolves to (``version: 2015.1`` is ``"2015.1"``)."""
        if not isinstance(self.node, yaml.ScalarNode):
            raise self.error(f"must be text, not {_kind(self.node)}.",
                             hint="Write a single value; quote it if it contains ': ' or ' #'.")
        if self.node.tag == _NULL or not (empty_ok or self.node.value.strip()):
            raise self.error("is empty.", hint="Write a value here.")
        return self.node.value

    def number(self) -> int | float:
        """A finite int or float scalar."""
        construct = _NUMBERS.get(self.node.tag) if isinstance(self.node, yaml.ScalarNode) else None
        try:
            value = construct(self.node) if construct else None
        except ValueError:
            value = None
        if not isinstance(value, (int, float)) or (isinstance(value, float) and not math.isfinite(value)):
            raise self.error(f"must be a number, not {_kind(self.node)}.",
                             hint="Write a plain number such as 3 or 2.5, without quotes.")
        return value

    def integer(self) -> int:
        """A whole number."""
        value = self.number()
        if not isinstance(value, int):
            raise self.error(f"must be a whole number, not {value}.", hint="Write an integer such as 1.")
        return value

    def choice(self, options: tuple[str, ...]) -> str:
        """Text that must be one of ``options``."""
        value = self.text()
        if value not in options:
            raise self.error(f"{value!r} is not allowed here.", hint=_choices(value, options, "Choose from"))
        return value


class _SchemeBuilder:
    """Turns a composed scheme document into a Scheme, checking every rule on the way."""

    def __init__(self) -> None:
        self.scales: dict[str, Scale] = {}
        self.owners: dict[str, str] = {}
        self.keys: dict[str, dict[str, str]] = {"segment": {}, "session": {}}
        self.segment_items: dict[str, Item] = {}
        self.session_items: dict[str, Item] = {}
        self.groups: dict[str, Group] = {}

    def build(self, root: _Node, text: str) -> Scheme:
        """The validated scheme of a root mapping."""
        fields = root.mapping(_SCHEME_KEYS, ("id", "name", "version", "source", "unit", "scales"))
        scheme_id = fields["id"].text()
        if not _SCHEME_ID.fullmatch(scheme_id):
            raise fields["id"].error(f"{scheme_id!r} is not a valid scheme id.",
                                     hint="Use lower-case letters, digits and hyphens (e.g. 3rs-2015-lab).")
        segment_seconds = self.unit(fields["unit"])
        self.add_scales(fields["scales"])
        for node in fields["groups"].sequence() if "groups" in fields else ():
            group = self.group(node)
            self.groups[group.id] = group
        for node in fields["session_items"].sequence() if "session_items" in fields else ():
            self.session_item(node)
        if not self.segment_items and not self.session_items:
            raise root.error("the scheme has no items.", field="groups",
                             hint="Add groups with items, or session_items.")
        digest = json.dumps(_plain(root.node), sort_keys=True, separators=(",", ":"))
        return Scheme(
            id=scheme_id,
            name=fields["name"].text(),
            version=fields["version"].text(),
            source=fields["source"].text(),
            segment_seconds=segment_seconds,
            scales=dict(self.scales),
            groups=tuple(self.groups.values()),
            session_items=tuple(self.session_items.values()),
            summary=self.summary(fields["summary"]) if "summary" in fields else SummarySettings(),
            description=fields["description"].text(empty_ok=True) if "description" in fields else "",
            definitions=fields["definitions"].text() if "definitions" in fields else None,
            content_hash=hashlib.sha256(digest.encode()).hexdigest(),
            text=text,
        )

    def unit(self, node: _Node) -> int | float | None:
        """Segment length in seconds, or None for ``unit: session``."""
        if isinstance(node.node, yaml.ScalarNode) and node.node.value == "session":
            return None
        if not isinstance(node.node, yaml.MappingNode):
            raise node.error(f"must be 'session' or a mapping with segment_seconds, not {_kind(node.node)}.",
                             hint="Write `unit: session` or `unit: {segment_seconds: 300}`.")
        seconds_node = node.mapping(("segment_seconds",), ("segment_seconds",))["segment_seconds"]
        seconds = seconds_node.number()
        if seconds <= 0:
            raise seconds_node.error(f"must be more than 0, not {seconds}.",
                                     hint="Give the segment length in seconds, e.g. 300 for 5-minute segments.")
        return seconds

    def claim_id(self, node: _Node, what: str) -> str:
        """Register a scale, group or item id; ids are unique across the whole scheme."""
        ident = node.text()
        if not _ID.fullmatch(ident):
            raise node.error(f"{ident!r} is not a valid id.", hint=_ID_HINT)
        if ident in self.owners:
            raise node.error(f"{ident!r} is already the id of {self.owners[ident]}.",
                             hint="Ids must be unique across scales, groups and items; choose another id.")
        self.owners[ident] = f"the {what} at {node.path.removesuffix('.id')} (line {node.node.start_mark.line + 1})"
        return ident

    def claim_key(self, node: _Node, level: str, item_id: str) -> str:
        """Register an item's key; keys are unique among the items of one level."""
        key = node.text()
        if len(key) != 1 or not key.isprintable() or key.isspace():
            raise node.error(f"{key!r} is not a single printable character.",
                             hint="Use one letter or sign, such as d or W.")
        if key in RESERVED_KEYS:
            raise node.error(f"{key!r} is reserved: digits enter rating values, '?' opens help and 'q' quits.",
                             hint="Choose another key.")
        taken = self.keys[level]
        if key in taken:
            raise node.error(f"{key!r} is already used by {taken[key]}.", hint="Choose another key.")
        taken[key] = item_id
        return key

    def add_scales(self, node: _Node) -> None:
        """Read the ``scales`` mapping of id -> scale."""
        for key, value in node.pairs():
            scale_id = self.claim_id(key, "scale")
            self.scales[scale_id] = self.scale(value, scale_id)
        if not self.scales:
            raise node.error("no scales are defined.", hint="Define one, e.g. `presence: {type: presence}`.")

    def scale(self, node: _Node, scale_id: str) -> Scale:
        """One scale definition."""
        fields = node.mapping(("type", "label", "values"), ("type",))
        kind = fields["type"].choice(_SCALE_KINDS)
        label = fields["label"].text() if "label" in fields else ""
        if kind == "presence":
            if "values" in fields:
                raise fields["values"].error("a presence scale has the fixed values 0 (absent) and 1 (present).",
                                             hint="Remove values, or use type: nominal for other categories.")
            return Scale(scale_id, kind, (ScaleValue(0, "absent"), ScaleValue(1, "present")), label)
        if "values" not in fields:
            raise node.missing("values", hint=f"List the values of the {kind} scale, each as {{value: ..., label: ...}}.")
        return Scale(scale_id, kind, self.scale_values(fields["values"], kind), label)

    def scale_values(self, node: _Node, kind: str) -> tuple[ScaleValue, ...]:
        """The values of an ordinal, interval or nominal scale, checked for order and repeats."""
        entries = node.sequence()
        if len(entries) < 2:
            raise node.error(f"a {kind} scale needs at least two values.", hint="List every admissible value.")
        values: list[ScaleValue] = []
        for entry in entries:
            fields = entry.mapping(("value", "label", "anchor"), ("value",))
            value_node = fields["value"]
            value: Value = value_node.text() if kind == "nominal" else value_node.number()
            if value in [v.value for v in values]:
                raise value_node.error(f"{value!r} is listed twice.", hint="List each value once.")
            if kind in _NUMERIC_KINDS and values and value < values[-1].value:
                raise value_node.error(f"{value} comes after {values[-1].value}: the values of an {kind} scale must increase.",
                                       hint="List the values from lowest to highest.")
            values.append(ScaleValue(
                value,
                fields["label"].text() if "label" in fields else str(value),
                fields["anchor"].text(empty_ok=True) if "anchor" in fields else "",
            ))
        return tuple(values)

    def scale_ref(self, node: _Node) -> Scale:
        """The scale a ``scale:`` field names."""
        name = node.text()
        if name not in self.scales:
            raise node.error(f"unknown scale {name!r}.", hint=_choices(name, self.scales, "Defined scales"))
        return self.scales[name]

    def group(self, node: _Node) -> Group:
        """One group with its items, per-item ratings and optional group rating."""
        fields = node.mapping(_GROUP_KEYS, ("id", "label", "kind", "items"))
        group_id = self.claim_id(fields["id"], "group")
        kind = fields["kind"].choice(_GROUP_KINDS)
        entries = fields["items"].sequence()
        if not entries:
            raise fields["items"].error("the group has no items.", hint="List at least one item, or remove the group.")
        items: list[Item] = []
        for entry in entries:
            items.extend(self.segment_item(entry, group_id))
        markers = tuple(item.id for item in items if item.role == "marker")
        rating = None
        if "rating" in fields:
            if not markers:
                raise fields["rating"].error(
                    f"a group rating depends on the group's presence items, and {group_id} has none.",
                    hint="Give the group presence items, or make the rating an ordinary item of the group.")
            rating = self.rating(fields["rating"], group_id, markers)
        return Group(
            id=group_id,
            label=fields["label"].text(),
            kind=kind,
            items=tuple(items),
            description=fields["description"].text(empty_ok=True) if "description" in fields else "",
            rating=rating,
        )

    def segment_item(self, node: _Node, group_id: str) -> list[Item]:
        """A group item, followed by its conditional rating when it has one."""
        fields = node.mapping(_SEGMENT_ITEM_KEYS, ("id", "label", "scale"))
        item = self.item(fields, level="segment", group=group_id)
        if "rating" not in fields:
            return [item]
        if not item.is_presence:
            raise fields["rating"].error(
                f"a conditional rating must depend on a presence item, and {item.id} uses the "
                f"{item.scale.kind} scale {item.scale.id!r}.",
                hint="Use a presence scale for the item, or list the rating as an item of its own.")
        return [item, self.rating(fields["rating"], group_id, (item.id,))]

    def rating(self, node: _Node, group_id: str, depends_on: tuple[str, ...]) -> Item:
        """A conditional rating: required when any of ``depends_on`` is present, forbidden otherwise."""
        fields = node.mapping(_RATING_KEYS, ("id", "label", "scale"))
        rating = self.item(fields, level="segment", group=group_id, depends_on=depends_on)
        if rating.is_presence:
            raise fields["scale"].error(
                f"a conditional rating needs an ordinal, interval or nominal scale; {rating.scale.id!r} is a presence scale.",
                hint="Name a rating scale such as significance.")
        return rating

    def session_item(self, node: _Node) -> Item:
        """A session-level (global) item."""
        return self.item(node.mapping(_SESSION_ITEM_KEYS, ("id", "label", "scale")), level="session", group=None)

    def item(self, fields: dict[str, _Node], *, level: str, group: str | None,
             depends_on: tuple[str, ...] = ()) -> Item:
        """One item from its fields; registers its id and key."""
        item_id = self.claim_id(fields["id"], "item")
        label = fields["label"].text()
        scale = self.scale_ref(fields["scale"])
        key = self.claim_key(fields["key"], level, item_id) if "key" in fields else None
        tags = tuple(self.tag(tag) for tag in fields["tags"].sequence()) if "tags" in fields else ()
        if level == "session":
            role = "global"
        else:
            role = "marker" if scale.kind == "presence" and not depends_on else "rating"
        item = Item(
            id=item_id,
            label=label,
            scale=scale,
            role=role,
            description=fields["description"].text(empty_ok=True) if "description" in fields else "",
            key=key,
            group=group,
            tags=tags,
            depends_on=depends_on,
        )
        (self.segment_items if level == "segment" else self.session_items)[item_id] = item
        return item

    def tag(self, node: _Node) -> str:
        """One item tag (e.g. immediate)."""
        tag = node.text()
        if not _ID.fullmatch(tag):
            raise node.error(f"{tag!r} is not a valid tag.", hint=_ID_HINT)
        return tag

    def item_ref(self, node: _Node) -> Item:
        """The segment-level item a summary field names."""
        name = node.text()
        if name in self.session_items:
            raise node.error(f"{name!r} is a session item; the summary needs a segment rating.",
                             hint="Name a rating coded per segment.")
        if name not in self.segment_items:
            raise node.error(f"unknown item {name!r}.", hint=_choices(name, self.segment_items, "Segment items"))
        return self.segment_items[name]

    def group_ref(self, node: _Node) -> Group:
        """The group a summary field names."""
        name = node.text()
        if name not in self.groups:
            raise node.error(f"unknown group {name!r}.", hint=_choices(name, self.groups, "Groups"))
        return self.groups[name]

    def summary(self, node: _Node) -> SummarySettings:
        """The summary settings, with every reference resolved."""
        fields = node.mapping(("rupture_types", "resolution", "significance_threshold"))
        seen: set[str] = set()
        types = tuple(self.rupture_type(entry, seen) for entry in
                      (fields["rupture_types"].sequence() if "rupture_types" in fields else ()))
        defaults = SummarySettings()
        threshold = defaults.significance_threshold
        if "significance_threshold" in fields:
            threshold = fields["significance_threshold"].number()
        for rupture_type in types:
            allowed = self.segment_items[rupture_type.rating].scale.allowed
            if not min(allowed) <= threshold <= max(allowed):
                where = fields.get("significance_threshold")
                raise (where or node).error(
                    f"{threshold} lies outside the scale of {rupture_type.rating} ({min(allowed)}-{max(allowed)}).",
                    field=node.join("significance_threshold"),
                    hint="Set significance_threshold to a value on the rupture ratings' scale.")
        if "resolution" not in fields:
            return SummarySettings(rupture_types=types, significance_threshold=threshold)
        resolution = fields["resolution"].mapping(("group", "window", "tags", "min_impact"), ("group",))
        group = self.group_ref(resolution["group"])
        window = defaults.resolution_window
        if "window" in resolution:
            window = resolution["window"].integer()
            if window < 0:
                raise resolution["window"].error(f"must be 0 or more, not {window}.",
                                                 hint="Give how many following segments a resolution may come in.")
        group_tags = sorted({tag for item in group.items for tag in item.tags})
        tags = []
        for tag_node in resolution["tags"].sequence() if "tags" in resolution else ():
            tag = tag_node.text()
            if tag not in group_tags:
                raise tag_node.error(f"no item of group {group.id} has the tag {tag!r}.",
                                     hint=_choices(tag, group_tags, f"Tags in {group.id}"))
            tags.append(tag)
        min_impact = self.min_impact(resolution["min_impact"], group) if "min_impact" in resolution else None
        return SummarySettings(rupture_types=types, resolution_group=group.id, resolution_window=window,
                               significance_threshold=threshold, strategy_tags=tuple(tags),
                               resolution_min_impact=min_impact)

    def min_impact(self, node: _Node, group: Group) -> int | float:
        """The impact a strategy needs to count as resolution; every strategy must have a numeric rating."""
        min_impact = node.number()
        ratings = {item.depends_on: item for item in group.items if len(item.depends_on) == 1}
        for strategy in (item for item in group.items if item.role == "marker"):
            rating = ratings.get((strategy.id,))
            if rating is None:
                raise node.error(f"strategy {strategy.id} has no impact rating to compare with min_impact.",
                                 hint="Give every strategy a `rating:`, or remove min_impact.")
            allowed = rating.scale.allowed
            if rating.scale.kind not in _NUMERIC_KINDS or not min(allowed) <= min_impact <= max(allowed):
                raise node.error(f"{min_impact} is not on the {rating.scale.kind} scale of {rating.id}.",
                                 hint="Give min_impact a value of the strategies' ordinal or interval impact scale.")
        return min_impact

    def rupture_type(self, node: _Node, seen: set[str]) -> RuptureType:
        """One rupture type of the summary: its rating item and optional marker group."""
        fields = node.mapping(("id", "label", "rating", "markers"), ("id", "label", "rating"))
        type_id = fields["id"].text()
        if not _ID.fullmatch(type_id):
            raise fields["id"].error(f"{type_id!r} is not a valid id.", hint=_ID_HINT)
        if type_id in seen:
            raise fields["id"].error(f"rupture type {type_id!r} is listed twice.", hint="Choose another id.")
        seen.add(type_id)
        rating = self.item_ref(fields["rating"])
        if rating.scale.kind not in _NUMERIC_KINDS:
            raise fields["rating"].error(
                f"a rupture type needs an ordinal or interval rating, and {rating.id} uses the "
                f"{rating.scale.kind} scale {rating.scale.id!r}.",
                hint="Name a rating such as a significance or salience rating.")
        markers = self.group_ref(fields["markers"]).id if "markers" in fields else None
        return RuptureType(id=type_id, label=fields["label"].text(), rating=rating.id, markers=markers)
