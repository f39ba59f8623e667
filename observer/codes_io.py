"""Read a long-format codes CSV (DESIGN.md 4.2, docs/formats.md) and validate it against a study.

Every row is checked (session, segment and its times, rater, item, value, evidence,
``coded_at``) and the whole file is refused, with line numbers, on any problem. A row with
an empty ``item`` is a rater's note on the whole unit. A row that would replace a value the
study holds from after the row's ``coded_at`` is refused unless ``overwrite``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

from observer.errors import CodesError, StudyError
from observer.store import Code, Study
from observer.store.names import clean_name
from observer.tables import csv_restored

REQUIRED = ("session_id", "segment_index", "rater", "item", "value")
OPTIONAL = ("segment", "segment_start", "segment_end", "note", "coded_at", "evidence")
MAX_REPORTED = 10
MAX_BYTES = 256 * 1024 * 1024  # far above any study's codes; stops /dev/zero-like inputs early
FUTURE_GRACE = timedelta(minutes=5)  # clocks of two machines may differ by this much
_TOLERANCE = 0.01
_DIGITS = re.compile(r"[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NOTE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # a note may hold tabs and line breaks

Unit = tuple[str, "int | None", str]


def read_codes_csv(path: str | Path, study: Study, *, overwrite: bool = False) -> tuple[list[Code], set[Unit]]:
    """Parse and validate a codes file; returns the codes (unit notes with item "") and the units it completes.

    Any error rejects the whole file: a ``CodesError`` lists up to ten problems with line numbers.
    """
    path = Path(path)
    rows = _read_rows(path)
    checker = _RowChecker(study)
    codes: list[Code] = []
    problems: list[tuple[int, str]] = []
    seen: dict[tuple, int] = {}
    stale = False
    for line, row in rows:
        try:
            code = checker.check(row)
        except ValueError as exc:
            problems.append((line, str(exc)))
            continue
        key = (code.session_id, code.segment, code.rater, code.item)
        if key in seen:
            problems.append((line, f"repeats the {'note' if not code.item else 'value'} of line {seen[key]} "
                                   "(same session, segment, rater, item)"))
            continue
        seen[key] = line
        newer = None if overwrite else checker.newer_in_study(code)
        if newer:
            problems.append((line, newer))
            stale = True
            continue
        codes.append(code)
    complete = complete_units(codes, study)
    if not overwrite:
        reopened = checker.reopened_since(codes, complete, seen)
        problems += reopened
        stale = stale or bool(reopened)
    problems.sort(key=lambda problem: problem[0])
    if problems:
        listed = "; ".join(f"line {n}: {msg}" for n, msg in problems[:MAX_REPORTED])
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        hint = "Nothing was imported. Fix these rows and run the import again."
        if stale:
            hint += (" To replace the study's newer values with the file's anyway, pass --overwrite "
                     "(the history keeps what they replace).")
        raise CodesError(f"{len(problems)} row(s) cannot be imported: {listed}{more}",
                         file=path, line=problems[0][0], hint=hint)
    return codes, complete


def complete_units(codes: list[Code], study: Study) -> set[Unit]:
    """Units whose imported values are complete: every marker explicit and the rules kept."""
    scheme = study.scheme
    units: dict[Unit, dict] = {}
    for code in codes:
        if code.item and code.value is not None:
            units.setdefault((code.session_id, code.segment, code.rater), {})[code.item] = code.value
    done = set()
    for (session_id, segment, rater), values in units.items():
        level = "session" if segment is None else "segment"
        items = scheme.session_items if segment is None else scheme.segment_items
        markers = [i.id for i in items if i.is_presence]
        if all(m in values for m in markers) and not scheme.check_unit(values, level=level):
            done.add((session_id, segment, rater))
    return done


def read_text(path: Path) -> str:
    """A file's UTF-8 text, read only if it is a regular file of at most ``MAX_BYTES``; else a CodesError."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise CodesError("no such file", file=path, hint="Check the path.") from None
    except OSError as exc:
        raise CodesError(f"cannot read the file: {exc.strerror}", file=path, hint="Check the path.") from None
    if stat.S_ISDIR(info.st_mode):
        raise CodesError("is a folder, not a codes file", file=path, hint="Name the CSV file inside it.")
    if not stat.S_ISREG(info.st_mode):
        raise CodesError("is not a regular file (a device, pipe or socket)", file=path,
                         hint="Save the codes to a file and import that.")
    if info.st_size > MAX_BYTES:
        raise CodesError(f"the file is {info.st_size:,} bytes; a codes file has at most {MAX_BYTES:,}", file=path,
                         hint="Check that this is the codes file meant; split a larger one by session.")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CodesError(f"cannot read the file: {exc.strerror}", file=path,
                         hint="Check that you may read it.") from None
    if len(data) > MAX_BYTES:
        raise CodesError(f"the file grew past {MAX_BYTES:,} bytes while being read", file=path,
                         hint="Import a finished file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CodesError("the file is not UTF-8 text", file=path, line=line,
                         hint="Save it as UTF-8 CSV and try again.") from None


def _read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    text = read_text(path)
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)  # a long note is a note, not an error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise CodesError(f"the header is not valid CSV: {exc}", file=path, line=1) from None
    if not header:
        raise CodesError("the file is empty", file=path, line=1,
                         hint=f"A codes file starts with the header {','.join(REQUIRED + OPTIONAL)}.")
    header = [csv_restored(h) for h in header]
    reader.fieldnames = header
    _check_header(path, header)
    rows = []
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise CodesError(f"the row is not valid CSV: {exc}", file=path, line=reader.line_num,
                             hint="Check its quotes.") from None
        if None in row:
            raise CodesError("the row has more fields than the header", file=path, line=start,
                             hint="Quote fields that contain commas.")
        rows.append((start, {k: csv_restored(v or "") for k, v in row.items()}))
        start = reader.line_num + 1
    if not rows:
        raise CodesError("the file has a header but no codes", file=path, line=1, hint="Add rows below the header.")
    return rows


def _check_header(path: Path, header: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if missing or unknown or repeated:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(repr(c) for c in unknown)}")
        if repeated:
            parts.append(f"repeated column(s) {', '.join(repeated)}")
        raise CodesError(
            "the header has " + " and ".join(parts), file=path, line=1,
            hint=f"Use the columns of observer export: {','.join(REQUIRED + OPTIONAL)}.",
        )


class _RowChecker:
    """Checks one row against the study's sessions, segments, raters and scheme."""

    def __init__(self, study: Study) -> None:
        self.scheme = study.scheme
        sessions = study.sessions()
        self.segments = {s.id: {g.index: g for g in study.segments(s.id)} for s in sessions}
        self.utterances = {s.id: s.n_utterances for s in sessions}
        self.raters = {name.casefold(): name for name in study.raters()}
        self.current = {(c.session_id, c.segment, c.rater, c.item): c for c in study.codes()}
        times = study.unit_note_times()
        states = study.unit_notes()
        self.current.update({(s, g, r, ""): Code(s, g, r, "", None, note, (), times.get((s, g, r), ""))
                             for s, g, r, _complete, note in states if note})
        self.open_since = {(s, g, r): times.get((s, g, r), "") for s, g, r, done, _note in states if not done}
        self.now = datetime.now(timezone.utc)

    def check(self, row: dict[str, str]) -> Code:
        for column, raw in row.items():
            if column != "note" and _CONTROL.search(raw):
                raise ValueError(f"{column}: holds a control character ({_code_point(_CONTROL.search(raw)[0])}), "
                                 "such as a line break")
        if _NOTE_CONTROL.search(row.get("note", "")):
            raise ValueError(f"note: holds a control character ({_code_point(_NOTE_CONTROL.search(row['note'])[0])})")
        row = {k: (v if k == "note" else v.strip()) for k, v in row.items()}
        session_id = row["session_id"]
        if not session_id:
            raise ValueError("session_id: empty; every row names its session")
        if session_id not in self.segments:
            raise ValueError(f"session_id: no session {session_id!r} in the study")
        rater = self._rater(row["rater"])
        if not row["item"]:
            return self._unit_note(row, session_id, rater)
        try:
            item = self.scheme.item(row["item"])
        except KeyError:
            raise ValueError(f"item: {row['item']!r} is not an item of scheme {self.scheme.id}") from None
        segment = self._segment(row, session_id, item.level == "session")
        value = self._value(row["value"], item) if row["value"] != "" else None
        evidence = self._evidence(row.get("evidence", ""), session_id)
        if value is None and not row.get("note") and not evidence:
            raise ValueError("value: empty, with no note or evidence")
        return Code(session_id, segment, rater, item.id, value, row.get("note", ""), evidence,
                    self._coded_at(row.get("coded_at", "")))

    def newer_in_study(self, code: Code) -> str | None:
        """Why a row must not replace the study's cell: it holds something else, set after the row; else None."""
        current = self.current.get((code.session_id, code.segment, code.rater, code.item))
        if current is None or _same(current, code):
            return None
        what = f"the note of {code.rater}" if not code.item else f"{code.item} of {code.rater}"
        unit = "session level" if code.segment is None else f"segment {code.segment + 1}"
        where = f"{what} in session {code.session_id}, {unit}"
        if not code.coded_at:
            return (f"{where} already holds another value and the row has no coded_at, "
                    "so observer cannot tell which is newer")
        if current.coded_at and _moment(current.coded_at) > _moment(code.coded_at):
            return f"{where} was changed at {current.coded_at}, after this row's coded_at {code.coded_at}"
        return None

    def reopened_since(self, codes: list[Code], complete: set[Unit], lines: dict[tuple, int]) -> list[tuple[int, str]]:
        """Open units the file would complete whose state (reopened, or its note) changed after the file's rows."""
        rows: dict[Unit, list[Code]] = {}
        for code in codes:
            unit = (code.session_id, code.segment, code.rater)
            if unit in complete and self.open_since.get(unit):
                rows.setdefault(unit, []).append(code)
        problems = []
        for unit, mine in rows.items():
            since = self.open_since[unit]
            stamps = [_moment(c.coded_at) for c in mine if c.coded_at]
            if not stamps or _moment(since) > max(stamps):
                session_id, segment, rater = unit
                line = lines[(session_id, segment, rater, mine[0].item)]
                problems.append((line, f"{rater}'s session {session_id}, segment {segment + 1} is open and changed "
                                       f"at {since} (reopened, or its note edited), after this file's rows for it; "
                                       "importing them would mark it complete"))
        return problems

    def _rater(self, raw: str) -> str:
        if not raw:
            raise ValueError("rater: empty; every value needs its rater")
        try:
            rater = clean_name(raw, field="rater")
        except StudyError as exc:
            raise ValueError(f"rater: {exc.message}") from None
        known = self.raters.get(rater.casefold())
        if known is not None and known != rater:
            raise ValueError(f"rater: {rater!r} differs from the study's rater {known!r} only in case; "
                             f"write {known!r} to add to their codes")
        return rater

    def _unit_note(self, row: dict[str, str], session_id: str, rater: str) -> Code:
        """A row without an item: the rater's note on the whole segment (or on the session level)."""
        if row["value"] or row.get("evidence"):
            raise ValueError("item: empty, yet the row has a value or evidence; a row without an item carries "
                             "only the unit's note")
        if not row.get("note"):
            raise ValueError("item: empty and no note; a row without an item carries the unit's note")
        segment = self._segment(row, session_id, row["segment_index"] == "" and row.get("segment", "") == "")
        return Code(session_id, segment, rater, "", None, row["note"], (), self._coded_at(row.get("coded_at", "")))

    def _segment(self, row: dict[str, str], session_id: str, session_level: bool) -> int | None:
        raw = row["segment_index"]
        if session_level:
            if raw or row.get("segment"):
                raise ValueError(f"segment_index: {row['item']} is a session-level item; leave it empty")
            return None
        if not _DIGITS.fullmatch(raw):
            raise ValueError(f"segment_index: {raw!r} is not a segment number (0, 1, ...)")
        index = int(raw)
        segment = self.segments[session_id].get(index)
        if segment is None:
            last = len(self.segments[session_id]) - 1
            raise ValueError(f"segment_index: session {session_id!r} has segments 0-{last}, not {index}")
        if row.get("segment") and row["segment"] != str(index + 1):
            raise ValueError(f"segment: {row['segment']!r} is not segment_index + 1 ({index + 1}); "
                             "segment counts from 1, segment_index from 0")
        for column, expected in (("segment_start", segment.start), ("segment_end", segment.end)):
            if row.get(column):
                if not _NUMBER.fullmatch(row[column]):
                    raise ValueError(f"{column}: {row[column]!r} is not a number of seconds")
                given = float(row[column])
                if abs(given - expected) > _TOLERANCE:
                    raise ValueError(f"{column}: {given} does not match the study's segment ({expected})")
        return index

    def _value(self, raw: str, item):
        if item.scale.kind != "nominal" and not _NUMBER.fullmatch(raw):
            allowed = ", ".join(str(v) for v in item.scale.allowed)
            raise ValueError(f"value: {raw!r} is not a plain number; use one of {allowed}")
        try:
            return item.scale.parse(raw)
        except ValueError as exc:
            raise ValueError(f"value: {exc}") from None

    def _evidence(self, raw: str, session_id: str) -> tuple[int, ...]:
        if not raw:
            return ()
        parts = raw.split(";")
        if not all(_DIGITS.fullmatch(p.strip()) for p in parts):
            raise ValueError(f"evidence: {raw!r} must be utterance numbers (from 0) separated by ';'")
        numbers = tuple(int(p) for p in parts)
        count = self.utterances[session_id]
        outside = [n for n in numbers if n >= count]
        if outside:
            raise ValueError(f"evidence: session {session_id!r} has utterances 0-{count - 1}, not {outside[0]}")
        return numbers

    def _coded_at(self, raw: str) -> str:
        if not raw:
            return ""
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"coded_at: {raw!r} is not an ISO 8601 time") from None
        if moment.tzinfo is None:
            raise ValueError(f"coded_at: {raw!r} has no time zone; write it as e.g. 2024-05-01T10:00:00+02:00")
        if moment > self.now + FUTURE_GRACE:
            raise ValueError(f"coded_at: {raw!r} lies in the future")
        return raw


def _same(current: Code, row: Code) -> bool:
    return (current.value, current.note, tuple(current.evidence)) == (row.value, row.note, tuple(row.evidence))


def _moment(stamp: str) -> datetime:
    """An ISO time as an aware datetime (a stamp without a zone is taken as local time)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.astimezone()


def _code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"
