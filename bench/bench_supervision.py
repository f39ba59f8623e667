"""Supervisor workflows on a study of 3RS sessions (12 segments, 3 raters): timings as JSON.

Run: PYTHONPATH=. python bench/bench_supervision.py [N_SESSIONS]
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from observer.scheme import load_scheme
from observer.store import Code, NewSession, SessionInfo, Study
from observer.supervision import ConsensusSession, assign, calibrate, drift

RATERS = ("ann", "bob", "cem")


def sessions(path: Path, n: int) -> Study:
    """A 3RS study of n sessions of 12 segments, four therapists."""
    study = Study.create(path, load_scheme("3rs-2015"))
    study.add_sessions(NewSession(SessionInfo(id=f"s{i:03d}", duration=3600.0, therapist=f"T{i % 4}"), [],
                                  [(g * 300.0, (g + 1) * 300.0) for g in range(12)]) for i in range(n))
    return study


def code(study: Study, n: int) -> None:
    """Every rater codes every session: a few withdrawal markers, about one in ten missed, a few extra."""
    scheme = study.scheme
    markers = [item.id for item in scheme.groups[0].items]
    rng = random.Random(1)
    codes, complete = [], set()
    start = datetime.fromisoformat("2026-01-05T10:00:00+01:00")
    for i in range(n):
        truth = {g: rng.sample(markers, rng.choice((0, 0, 1, 2))) for g in range(12)}
        for rater in RATERS:
            at = (start + timedelta(days=i // 2)).isoformat()
            for g, present in truth.items():
                seen = [m for m in present if rng.random() > 0.1] + ([rng.choice(markers)] if rng.random() < 0.05 else [])
                for marker in sorted(set(seen)):
                    codes.append(Code(f"s{i:03d}", g, rater, marker, 1, coded_at=at))
                if seen:
                    codes.append(Code(f"s{i:03d}", g, rater, "wd_significance", rng.randint(2, 4), coded_at=at))
                codes += [Code(f"s{i:03d}", g, rater, m, 0, coded_at=at) for m in
                          (item.id for item in scheme.segment_items if item.is_presence) if m not in seen]
                complete.add((f"s{i:03d}", g, rater))
    study.import_codes(codes, complete)


def timed(run) -> tuple[object, float]:
    began = time.perf_counter()
    result = run()
    return result, time.perf_counter() - began


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    with tempfile.TemporaryDirectory() as folder:
        study = sessions(Path(folder) / "bench.observer", n)
        _, assigning = timed(lambda: assign(study, list(RATERS), double=0.25, seed=1, by="therapist"))
        _, built = timed(lambda: code(study, n))
        walk = ConsensusSession(study, "s000", "sue")
        _, listing = timed(walk.disagreements)
        adopted, adopting = timed(walk.adopt_agreements)
        study.mark_master(["s000", "s001", "s002"], "ann")
        _, calibrating = timed(lambda: calibrate(study, "cem"))
        _, drifting = timed(lambda: drift(study, against="others"))
        study.close()
    print(json.dumps({"sessions": n, "segments_per_session": 12, "raters": len(RATERS), "import_codes_s": round(built, 2),
                      "assign_s": round(assigning, 3), "consensus_disagreements_s": round(listing, 3),
                      "consensus_adopt_s": round(adopting, 3), "adopted_values": adopted,
                      "calibrate_s": round(calibrating, 3), "drift_others_s": round(drifting, 3)}, indent=2))


if __name__ == "__main__":
    main()
