"""Read a long-format codes CSV (DESIGN.md 4.2) and validate it against a study."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from observer.errors import CodesError
from observer.store import Code, Study

REQUIRED = ("session_id", "segment_index", "rater", "item", "value")
OPTIONAL = ("segment_start", "segment_end", "note", "coded_at", "evidence")
MAX_REPORTED = 10
_TOLERANCE = 0.01


def read_codes_csv(path: str | Path, study: Study) -> tuple[list[Code], set[tuple[str, int | None, str]]]:
    """Parse and validate a codes file; returns the codes and the units it codes completely.

    Any error rejects the whole file: a ``CodesError`` lists up to ten problems with line numbers.
    """
    path = Path(path)
    rows = _read_rows(path)
    checker = _RowChecker(study)
    codes: list[Code] = []
    problems: list[tuple[int, str]] = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        try:
            code = checker.check(row)
        except ValueError as exc:
            problems.append((line, str(exc)))
            continue
        key = (code.session_id, code.segment, code.rater, code.item)
        if key in seen:
            problems.append((line, f"repeats the value of line {seen[key]} (same session, segment, rater, item)"))
            continue
        seen[key] = line
        codes.append(code)
    if problems:
        listed = "; ".join(f"line {n}: {msg}" for n, msg in problems[:MAX_REPORTED])
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        raise CodesError(
            f"{len(problems)} row(s) cannot be imported: {listed}{more}",
            file=path, line=problems[0][0],
            hint="Nothing was imported. Fix these rows and run the import again.",
        )
    return codes, complete_units(codes, study)


def complete_units(codes: list[Code], study: Study) -> set[tuple[str, int | None, str]]:
    """Units whose imported values are complete: every marker explicit and the rules kept."""
    scheme = study.scheme
    units: dict[tuple[str, int | None, str], dict] = {}
    for code in codes:
        if code.value is not None:
            units.setdefault((code.session_id, code.segment, code.rater), {})[code.item] = code.value
    done = set()
    for (session_id, segment, rater), values in units.items():
        level = "session" if segment is None else "segment"
        items = scheme.session_items if segment is None else scheme.segment_items
        markers = [i.id for i in items if i.is_presence]
        if all(m in values for m in markers) and not scheme.check_unit(values, level=level):
            done.add((session_id, segment, rater))
    return done


def _read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise CodesError("no such file", file=path, hint="Check the path.") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise CodesError("the file is not UTF-8 text", file=path, line=line,
                         hint="Save it as UTF-8 CSV and try again.") from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = reader.fieldnames or []
    if not header:
        raise CodesError("the file is empty", file=path, line=1,
                         hint=f"A codes file starts with the header {','.join(REQUIRED + OPTIONAL)}.")
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        raise CodesError(
            "the header has " + " and ".join(parts), file=path, line=1,
            hint=f"Use the columns of observer export: {','.join(REQUIRED + OPTIONAL)}.",
        )
    rows = []
    for row in reader:
        if None in row:
            raise CodesError("the row has more fields than the header", file=path, line=reader.line_num,
                             hint="Quote fields that contain commas.")
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    if not rows:
        raise CodesError("the file has a header but no codes", file=path, line=1, hint="Add rows below the header.")
    return rows


class _RowChecker:
    """Checks one row against the study's sessions, segments and scheme."""

    def __init__(self, study: Study) -> None:
        self.scheme = study.scheme
        self.segments = {s.id: {g.index: g for g in study.segments(s.id)} for s in study.sessions()}

    def check(self, row: dict[str, str]) -> Code:
        session_id = row["session_id"]
        if session_id not in self.segments:
            raise ValueError(f"session_id: no session {session_id!r} in the study")
        try:
            item = self.scheme.item(row["item"])
        except KeyError:
            raise ValueError(f"item: {row['item']!r} is not an item of scheme {self.scheme.id}") from None
        rater = row["rater"]
        if not rater:
            raise ValueError("rater: empty; every value needs its rater")
        segment = self._segment(row, session_id, item)
        value = None
        if row["value"] != "":
            try:
                value = item.scale.parse(row["value"])
            except ValueError as exc:
                raise ValueError(f"value: {exc}") from None
        evidence = self._evidence(row.get("evidence", ""))
        if value is None and not row.get("note") and not evidence:
            raise ValueError("value: empty, with no note or evidence")
        coded_at = row.get("coded_at", "")
        if coded_at:
            try:
                datetime.fromisoformat(coded_at)
            except ValueError:
                raise ValueError(f"coded_at: {coded_at!r} is not an ISO 8601 time") from None
        return Code(session_id, segment, rater, item.id, value, row.get("note", ""), evidence, coded_at)

    def _segment(self, row: dict[str, str], session_id: str, item) -> int | None:
        raw = row["segment_index"]
        if item.level == "session":
            if raw:
                raise ValueError(f"segment_index: {item.id} is a session-level item; leave it empty")
            return None
        try:
            index = int(raw)
        except ValueError:
            raise ValueError(f"segment_index: {raw!r} is not a segment number (0, 1, ...)") from None
        segment = self.segments[session_id].get(index)
        if segment is None:
            last = len(self.segments[session_id]) - 1
            raise ValueError(f"segment_index: session {session_id!r} has segments 0-{last}, not {index}")
        for column, expected in (("segment_start", segment.start), ("segment_end", segment.end)):
            if row.get(column):
                try:
                    given = float(row[column])
                except ValueError:
                    raise ValueError(f"{column}: {row[column]!r} is not a number of seconds") from None
                if abs(given - expected) > _TOLERANCE:
                    raise ValueError(f"{column}: {given} does not match the study's segment ({expected})")
        return index

    @staticmethod
    def _evidence(raw: str) -> tuple[int, ...]:
        if not raw:
            return ()
        try:
            return tuple(int(part) for part in raw.split(";"))
        except ValueError:
            raise ValueError(f"evidence: {raw!r} must be utterance numbers separated by ';'") from None
