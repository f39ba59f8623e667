"""Explicit scheme upgrade: move a study's codes to a new scheme version through a mapping file.

The mapping file (YAML) says what becomes of the old scheme's items::

    rename:            # old item id: new item id
      wd_shift: wd_avoid
    drop:              # old items whose codes are removed (the history keeps them)
      - rs_clarify_impact
    values:            # per old item: old value: new value
      wd_significance: {1: 1, 2: 1, 3: 2}

Every old item the new scheme lacks must be renamed or dropped, and every coded value
must land on the new item's scale; otherwise nothing changes. Units marked complete are
reopened when the new scheme asks more of them (a new marker or rating, a broken rule).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from observer.errors import SchemeError, StudyError
from observer.store.cells import apply_code, apply_unit
from observer.store.study import Study

MAX_LISTED = 10
_MAP_KEYS = ("rename", "drop", "values")

if TYPE_CHECKING:
    from observer.scheme.model import Item, Scheme


@dataclass(frozen=True)
class SchemeMap:
    """How old item ids and values become new ones; ``lines`` locates each entry in its file."""

    source: str
    rename: dict[str, str] = field(default_factory=dict)
    drop: frozenset[str] = frozenset()
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class UpgradeReport:
    """What an upgrade changed."""

    old_hashes: tuple[str, ...] = ()
    new_hash: str = ""
    kept: int = 0
    renamed: int = 0
    revalued: int = 0
    dropped: int = 0
    reopened: int = 0
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        """Whether the study was changed at all."""
        return bool(self.old_hashes)


@dataclass(frozen=True)
class _Move:
    """One stored code and where it goes: a new item and value, or nowhere (dropped)."""

    session_id: str
    segment: int | None
    rater: str
    item: str
    state: dict
    coded_at: str
    new_item: str | None
    new_value: object


def load_map(path: str | Path) -> SchemeMap:
    """Read a mapping file; SchemeError with file, line and field for anything malformed."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise SchemeError("the mapping file does not exist.", file=path, hint="Check the --map path.") from None
    except UnicodeDecodeError as exc:
        raise SchemeError("the mapping file is not UTF-8 text.", file=path,
                          line=exc.object.count(b"\n", 0, exc.start) + 1, hint="Save it as UTF-8.") from None
    except OSError as exc:
        raise SchemeError(f"the mapping file cannot be read ({exc.strerror}).", file=path) from None
    return parse_map(text, str(path))


def parse_map(text: str, source: str) -> SchemeMap:
    """Parse mapping YAML (see the module docstring); ``source`` names it in errors."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SchemeError(f"YAML syntax error: {exc.problem or exc.context}.", file=source,
                          line=mark.line + 1 if mark else None,
                          hint="Check the indentation, colons and quotes on this line.") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise SchemeError(f"the mapping file is not valid YAML: {exc}.", file=source) from None
    if root is None:
        return SchemeMap(source)
    entries = _pairs(root, source, "")
    unknown = [(k, node) for k, (node, _) in entries.items() if k not in _MAP_KEYS]
    if unknown:
        key, node = unknown[0]
        raise _error(f"unknown key {key!r}", source, node, key, f"A mapping file has only: {', '.join(_MAP_KEYS)}.")
    lines: dict[str, int] = {}
    rename: dict[str, str] = {}
    if "rename" in entries:
        for old, (key_node, value_node) in _pairs(entries["rename"][1], source, "rename").items():
            rename[old] = _text(value_node, source, f"rename.{old}")
            lines[f"rename.{old}"] = key_node.start_mark.line + 1
    drop: set[str] = set()
    if "drop" in entries:
        node = entries["drop"][1]
        if not isinstance(node, yaml.SequenceNode):
            raise _error("must be a list of item ids", source, node, "drop", "Write: drop: [item_a, item_b]")
        for element in node.value:
            drop.add(_text(element, source, "drop"))
            lines[f"drop.{element.value}"] = element.start_mark.line + 1
    values: dict[str, dict[str, str]] = {}
    if "values" in entries:
        for item, (key_node, table) in _pairs(entries["values"][1], source, "values").items():
            lines[f"values.{item}"] = key_node.start_mark.line + 1
            pairs = _pairs(table, source, f"values.{item}", scalar_values=True)
            values[item] = {canonical(old): value.value for old, (_, value) in pairs.items()}
    return SchemeMap(source, rename, frozenset(drop), values, lines)


def upgrade_scheme(study: Study, new: Scheme, mapping: SchemeMap, *, backup: bool = True) -> UpgradeReport:
    """Move every code made with another scheme version to ``new``, in one transaction.

    Checks everything first (StudyError or SchemeError, nothing written); with
    ``backup`` the study is backed up just before it changes. Each rewritten code
    and each reopened unit gets a history entry with action ``upgrade``.
    """
    old_schemes = _old_schemes(study)
    hashes = tuple(h for h in [study.scheme_hash, *sorted(old_schemes)] if h != new.content_hash)
    report = UpgradeReport(old_hashes=tuple(dict.fromkeys(hashes)), new_hash=new.content_hash)
    if not report.changed:
        return report
    _check_unit(study, new)
    old_items = {item.id: item for scheme in old_schemes.values() for item in scheme.items}
    old_items.update({item.id: item for item in study.scheme.items})
    _check_map(mapping, old_items, new)
    moves = _moves(study, new, mapping)
    if backup:
        from observer.store.backup import backup_study

        report.backup = backup_study(study.target)
    with study.transaction():
        study.add_scheme(new)
        study.db.execute("UPDATE meta SET value = ? WHERE key = 'scheme_hash'", (new.content_hash,))
        study.__dict__.pop("scheme", None)  # the cached scheme is the old one
        for move in moves:
            if move.new_item != move.item:
                apply_code(study, move.session_id, move.segment, move.rater, move.item, None, action="upgrade")
        for move in moves:
            if move.new_item is not None:
                state = {**move.state, "value": move.new_value}
                apply_code(study, move.session_id, move.segment, move.rater, move.new_item, state,
                            action="upgrade", coded_at=move.coded_at)
        report.reopened = _reopen_units(study, new, mapping, old_items)
    report.kept = sum(m.new_item == m.item and m.new_value == m.state["value"] for m in moves)
    report.renamed = sum(m.new_item is not None and m.new_item != m.item for m in moves)
    report.revalued = sum(m.new_item is not None and m.new_value != m.state["value"] for m in moves)
    report.dropped = sum(m.new_item is None for m in moves)
    return report


# -- checks -----------------------------------------------------------------


def _old_schemes(study: Study) -> dict[str, Scheme]:
    """The schemes of codes made with a version other than the study's current one."""
    from observer.scheme import load_scheme_text

    rows = study.db.execute(
        "SELECT DISTINCT s.hash, s.text FROM codes c JOIN schemes s ON s.hash = c.scheme_hash WHERE c.scheme_hash != ?",
        (study.scheme_hash,),
    ).fetchall()
    return {h: load_scheme_text(text, f"{study.location}#scheme-{h[:12]}") for h, text in rows}


def _check_unit(study: Study, new: Scheme) -> None:
    old = study.scheme.segment_seconds
    if old != new.segment_seconds:
        cut = lambda s: "whole sessions" if s is None else f"{s:g}-second segments"  # noqa: E731
        raise StudyError(
            f"the new scheme codes {cut(new.segment_seconds)}, the study {cut(old)}; coded segments cannot be re-cut.",
            file=study.location,
            hint="Keep the unit of the study's scheme in the new version, or start a new study for the new unit.",
        )


def _check_map(mapping: SchemeMap, old_items: dict[str, Item], new: Scheme) -> None:
    """Refuse mapping entries naming unknown items, ambiguous targets, and unmapped old items."""
    new_ids = {item.id for item in new.items}
    problems: list[tuple[str, str]] = []
    for where, item in [*(("rename." + k, k) for k in mapping.rename), *(("drop." + k, k) for k in mapping.drop),
                        *(("values." + k, k) for k in mapping.values)]:
        if item not in old_items:
            problems.append((where, f"{item!r} is not an item of the study's scheme"))
    for old, target in mapping.rename.items():
        if target not in new_ids:
            problems.append((f"rename.{old}", f"{target!r} is not an item of the new scheme"))
        elif old in old_items and old_items[old].level != new.item(target).level:
            problems.append((f"rename.{old}", f"{old} is a {old_items[old].level}-level item, "
                                              f"{target} a {new.item(target).level}-level one"))
        if old in mapping.drop:
            problems.append((f"rename.{old}", f"{old} is both renamed and dropped"))
    for item, table in mapping.values.items():
        if item in mapping.drop:
            problems.append((f"values.{item}", f"{item} is dropped; its values cannot be mapped"))
        elif item in old_items and mapping.rename.get(item, item) in new_ids:
            target = new.item(mapping.rename.get(item, item))
            problems.extend((f"values.{item}", message) for message in _value_problems(table, old_items[item], target))
    sources: dict[str, list[str]] = {}
    for item in old_items:
        if item not in mapping.drop and mapping.rename.get(item, item) in new_ids:
            sources.setdefault(mapping.rename.get(item, item), []).append(item)
    for target, items in sources.items():
        if len(items) > 1:
            renamed = sorted(i for i in items if i in mapping.rename)
            problems.append((f"rename.{renamed[0]}", f"{' and '.join(sorted(items))} would both become {target}"))
    unmapped = sorted(i for i in old_items if i not in new_ids and i not in mapping.rename and i not in mapping.drop)
    if unmapped:
        problems.append(("rename", f"the new scheme lacks item(s) {', '.join(unmapped)}; "
                                   "list each under rename (old: new) or under drop"))
    if problems:
        where, _ = problems[0]
        listed = "; ".join(f"{w}: {m}" for w, m in problems[:MAX_LISTED])
        raise SchemeError(f"the mapping cannot be applied: {listed}.", file=mapping.source,
                          line=mapping.lines.get(where),
                          hint="Nothing was changed. Fix the mapping file and run it again.")


def _value_problems(table: dict[str, str], old: Item, new: Item) -> list[str]:
    """Mapped values that are not on the old item's scale, or land off the new item's scale."""
    problems = []
    for before, after in table.items():
        for raw, item in ((before, old), (after, new)):
            try:
                item.scale.parse(raw)
            except ValueError as exc:
                problems.append(f"{item.id}: {exc}")
    return problems


def _moves(study: Study, new: Scheme, mapping: SchemeMap) -> list[_Move]:
    """Every code to rewrite and its destination; refuses values that land off the new scales."""
    rows = study.db.execute(
        "SELECT session_id, segment, rater, item, value, note, evidence, coded_at FROM codes WHERE scheme_hash != ?"
        " ORDER BY session_id, segment, rater, item", (new.content_hash,),
    ).fetchall()
    moves, off_scale = [], Counter()
    for session_id, segment, rater, item, value, note, evidence, coded_at in rows:
        state = {"value": value, "note": note, "evidence": json.loads(evidence)}
        place = (session_id, None if segment < 0 else segment, rater, item)
        if item in mapping.drop:
            moves.append(_Move(*place, state, coded_at, None, None))
            continue
        target = mapping.rename.get(item, item)
        new_value = value if value is None else mapping.values.get(item, {}).get(canonical(value), value)
        if new_value is not None:
            try:
                new_value = new.item(target).scale.parse(new_value)
            except ValueError:
                off_scale[(item, target, value)] += 1
                continue
        moves.append(_Move(*place, state, coded_at, target, new_value))
    if off_scale:
        listed = "; ".join(f"{item} = {value!r} ({n} code(s)) is not on the scale of {target}"
                           for (item, target, value), n in sorted(off_scale.items(), key=str)[:MAX_LISTED])
        first = next(iter(sorted(off_scale, key=str)))[0]
        raise SchemeError(f"coded values have no place in the new scheme: {listed}.", file=mapping.source,
                          line=mapping.lines.get(f"values.{first}"), field=f"values.{first}",
                          hint="Nothing was changed. Map each value under values: (old value: new value), "
                               "or drop the item.")
    return moves


def _reopen_units(study: Study, new: Scheme, mapping: SchemeMap, old_items: dict[str, Item]) -> int:
    """Reopen complete units the new scheme asks more of; returns how many."""
    carried = {mapping.rename.get(i, i) for i in old_items if i not in mapping.drop}
    added = {level: any(i.id not in carried for i in items)
             for level, items in (("segment", new.segment_items), ("session", new.session_items))}
    rows = study.db.execute("SELECT session_id, segment, rater, note FROM unit_state WHERE complete = 1").fetchall()
    reopened = 0
    for session_id, segment, rater, note in rows:
        unit = None if segment < 0 else segment
        level = "session" if unit is None else "segment"
        values = {item: value for item, value in study.db.execute(
            "SELECT item, value FROM codes WHERE session_id = ? AND segment = ? AND rater = ? AND value IS NOT NULL",
            (session_id, segment, rater))}
        if added[level] or new.check_unit(values, level=level):
            apply_unit(study, session_id, unit, rater, {"complete": False, "note": note}, action="upgrade")
            reopened += 1
    return reopened


# -- mapping file nodes ----------------------------------------------------------


def _pairs(node: yaml.Node, source: str, where: str, *, scalar_values: bool = False) -> dict[str, tuple]:
    """A mapping node's entries by key text: (key node, value node); refuses repeats and non-mappings."""
    if not isinstance(node, yaml.MappingNode):
        raise _error("must be a mapping of key: value lines", source, node, where or None,
                     "See the example in observer scheme upgrade --help.")
    pairs: dict[str, tuple] = {}
    for key, value in node.value:
        name = _text(key, source, where or None)
        field_name = f"{where}.{name}" if where else name
        if name in pairs:
            raise _error(f"{name!r} is given twice", source, key, field_name, "Keep one of them.")
        if scalar_values and not isinstance(value, yaml.ScalarNode):
            raise _error("must be a single value", source, value, field_name, "Write old: new on one line.")
        pairs[name] = (key, value)
    return pairs


def _text(node: yaml.Node, source: str, where: str | None) -> str:
    if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
        raise _error("must be an item id", source, node, where, "Write the id as plain text, e.g. wd_shift.")
    return node.value.strip()


def canonical(value: object) -> str:
    """A value as text that compares by what it denotes: 2, 2.0 and "2" read alike."""
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else str(number)


def _error(message: str, source: str, node: yaml.Node, where: str | None, hint: str) -> SchemeError:
    return SchemeError(message + ".", file=source, line=node.start_mark.line + 1, field=where, hint=hint)
