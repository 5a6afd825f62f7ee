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


def test_a_request_arriving_while_another_reopens_the_store_reads_the_new_data(
    tmp_path, monkeypatch
):
    """Two requests after a write: the second, arriving while the first opens the store again,
    gets the new store (it once found the new version marked seen and read the old store)."""
    import threading

    writer = OxigraphStore(tmp_path)
    writer.load("<urn:g> { <urn:a> <urn:p> <urn:b> }", "trig")
    follower = OxigraphStore.follow(tmp_path)
    opening, go_on = threading.Event(), threading.Event()
    real_open = OxigraphStore.open_read_only

    def slow_open(path):
        opening.set()
        go_on.wait(10)
        return real_open(path)

    try:
        writer.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> <urn:c> } }")
        monkeypatch.setattr(OxigraphStore, "open_read_only", staticmethod(slow_open))
        first = threading.Thread(target=follower.refresh)
        first.start()
        assert opening.wait(10)
        seen: list[bool] = []
        second = threading.Thread(
            target=lambda: seen.append(follower.refresh() and bool(follower.query(ASK)))
        )
        second.start()
        second.join(0.3)  # it waits for the first request's open, not for the old store
        go_on.set()
        first.join(10)
        second.join(10)
        assert seen == [True]
        assert follower.data_version == writer.data_version
    finally:
        go_on.set()
        writer.close()
