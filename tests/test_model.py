"""The JSON form of a run: to_dict equals dataclasses.asdict, and from_dict inverts it."""

from __future__ import annotations

import dataclasses

from mtcompare import ScoreOptions, score
from mtcompare.core.model import RunResult


def test_to_dict_equals_asdict_and_round_trips(seed_ref, seed_hyp):
    run = score(seed_ref, [seed_hyp, seed_ref], ScoreOptions(names=["mt", "ref"]))
    data = run.to_dict()
    assert data == dataclasses.asdict(run)
    assert RunResult.from_dict(data).to_dict() == data
    # The contract's keys.
    system = data["systems"][0]
    assert {"name", "path", "corpus", "signatures", "segments", "error_counts"} <= set(system)
    assert {"ref_ids", "hyp_ids", "ref", "hyp", "scores", "errors"} <= set(system["segments"][0])
