"""The benchmark's arithmetic: medians over rounds, ratios paired within a round."""
from __future__ import annotations

from bench.run import _median, compare, paired_ratio


def _round(p50: float, throughput: float) -> dict:
    return {"sessions": 10, "requests": 240, "errors": 0, "p50_ms": p50, "p95_ms": 2 * p50, "p99_ms": 3 * p50,
            "mean_ms": p50, "throughput_msg_s": throughput}


def test_median_over_rounds_keeps_counts_and_every_round() -> None:
    figures = _median([_round(100, 40), _round(300, 20), _round(200, 30)])
    assert (figures["p50_ms"], figures["throughput_msg_s"]) == (200, 30)
    assert (figures["requests"], figures["rounds"]) == (720, 3)
    assert figures["per_round"]["throughput_msg_s"] == [40, 20, 30]


def test_ratio_pairs_each_round_so_drift_cancels() -> None:
    # the machine slows down from round to round; both sides alike, ours always twice as fast
    ours = _median([_round(100, 40), _round(200, 20), _round(400, 10)])
    stock = _median([_round(200, 20), _round(400, 10), _round(800, 5)])
    assert paired_ratio(ours, stock, "throughput_msg_s") == 2.0
    assert paired_ratio(ours, stock, "p50_ms") == 0.5


def test_comparison_marks_targets() -> None:
    ours = {"load": {"10": _median([_round(100, 40)])}, "cold_start_s": {"stack": 10}}
    stock = {"load": {"10": _median([_round(200, 19)])}, "cold_start_s": {"stack": 40}}
    ours["peak_rss_mb"] = stock["peak_rss_mb"] = {"total": 1000}
    rows = {r["metric"]: r for r in compare(ours, stock, {"ours_s": 30, "stock_s": 90})}
    assert rows["throughput msg/s, N=10"]["met"] is True
    assert rows["latency p50, N=10"]["ratio"] == 0.5
    assert rows["cold start s (whole stack vs stock Rasa)"]["met"] is True
