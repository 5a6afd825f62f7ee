"""The read-only store of serve's front processes follows the writer's data version."""

from __future__ import annotations

from graph.store.oxigraph import OxigraphStore

ASK = "ASK { <urn:a> <urn:p> <urn:c> }"


def test_a_follower_sees_each_commit_at_the_next_refresh(tmp_path):
    writer = OxigraphStore(tmp_path)
    writer.load("<urn:g> { <urn:a> <urn:p> <urn:b> }", "trig")
    follower = OxigraphStore.follow(tmp_path)
    try:
        assert follower.refresh() == writer.data_version
        assert not bool(follower.query(ASK))
        writer.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> <urn:c> } }")
        assert follower.data_version == writer.data_version - 1  # not looked at yet
        assert follower.refresh() == writer.data_version
        assert bool(follower.query(ASK))
        assert len(follower) == len(writer) == 2
        assert "read-only" in follower.capabilities
        same = follower._current
        assert follower.refresh() == writer.data_version and follower._current is same
    finally:
        writer.close()
