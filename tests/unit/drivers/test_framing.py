from __future__ import annotations

import pytest

from drivers.framing import ETX, STX, Framer, terminators_from_names

from .helpers import CARD

SCAN = b"]C1" + CARD.encode()
MAGTEK = STX + b"%B" + CARD.encode() + b"^DOE/JOHN^2912101?;" + CARD.encode() + b"=2912101?\r" + ETX


def feed_all(framer: Framer, chunks: list[bytes]) -> list[bytes]:
    frames: list[bytes] = []
    for chunk in chunks:
        frames += framer.data_received(chunk, 0.0)
    return frames


@pytest.mark.parametrize("suffix", [b"\r", b"\n", b"\r\n", b"\t"])
def test_common_suffixes_end_a_scan(suffix: bytes) -> None:
    framer = Framer(terminators=(b"\r", b"\n", b"\t"))
    assert framer.data_received(SCAN + suffix + SCAN + suffix) == [SCAN, SCAN]
    assert not framer.pending


def test_crlf_only_terminator_waits_for_the_lf() -> None:
    framer = Framer(terminators=(b"\r\n",))
    assert framer.data_received(SCAN + b"\r") == []
    assert framer.data_received(b"\n") == [SCAN]


def test_etx_terminator() -> None:
    framer = Framer(terminators=(ETX,))
    assert framer.data_received(SCAN + ETX) == [SCAN]


@pytest.mark.parametrize("frame, config", [
    (SCAN + b"\r\n", {"terminators": (b"\r", b"\n")}),
    (SCAN + b"\r\n", {"terminators": (b"\r\n",)}),
    (MAGTEK, {"terminators": (b"\r", b"\n"), "stx_etx": True}),
    (b"PRE" + SCAN + b"SUF\t", {"terminators": (b"\t",), "strip_prefix": b"PRE",
                                "strip_suffix": b"SUF"}),
])
def test_a_frame_split_at_every_position_is_still_one_frame(frame: bytes, config: dict) -> None:
    whole = Framer(**config).data_received(frame)
    assert len(whole) == 1
    for cut in range(len(frame) + 1):
        assert feed_all(Framer(**config), [frame[:cut], frame[cut:]]) == whole, cut
    assert feed_all(Framer(**config), [bytes([b]) for b in frame]) == whole


def test_envelope_keeps_inner_cr_and_strips_stx_etx() -> None:
    framer = Framer(terminators=(b"\r",), stx_etx=True)
    [frame] = framer.data_received(MAGTEK)
    assert frame.startswith(b"%B") and frame.endswith(b"2912101?")
    assert STX not in frame and ETX not in frame


def test_envelope_is_optional() -> None:
    framer = Framer(terminators=(b"\r",), stx_etx=True)
    assert framer.data_received(b"%E?;E?\r") == [b"%E?;E?"]


def test_lost_etx_ends_the_envelope_at_the_next_stx() -> None:
    framer = Framer(terminators=(b"\r",), stx_etx=True)
    frames = framer.data_received(STX + b";111=2912?\r" + STX + b";222=2912?" + ETX)
    assert frames == [b";111=2912?", b";222=2912?"]


def test_without_envelope_mode_stx_is_data() -> None:
    framer = Framer(terminators=(b"\r",))
    assert framer.data_received(STX + b"abc\r") == [STX + b"abc"]


def test_strip_prefix_and_suffix_only_when_present() -> None:
    framer = Framer(terminators=(b"\r",), strip_prefix=b"ID:", strip_suffix=b"#")
    assert framer.data_received(b"ID:123#\r456\r") == [b"123", b"456"]


def test_empty_and_blank_frames_are_dropped() -> None:
    framer = Framer(terminators=(b"\r", b"\n"))
    assert framer.data_received(b"\r\n\r\n  \r\x00\x00\r") == []


def test_inter_char_timeout_flushes_a_frame_without_terminator() -> None:
    framer = Framer(terminators=(b"\r",), inter_char_timeout_s=0.1)
    assert framer.data_received(SCAN[:5], 10.0) == []
    assert framer.data_received(SCAN[5:], 10.05) == []
    assert framer.stale_at == pytest.approx(10.15)
    assert framer.flush_if_stale(10.1) is None  # more bytes may still come
    assert framer.flush_if_stale(10.15) == SCAN
    assert not framer.pending
    assert framer.flush_if_stale(99.0) is None


def test_no_timeout_means_no_flush() -> None:
    framer = Framer(terminators=(b"\r",), inter_char_timeout_s=None)
    framer.data_received(SCAN, 0.0)
    assert framer.stale_at is None
    assert framer.flush_if_stale(1e9) is None
    assert framer.pending


def test_overlong_noise_is_cut_and_the_next_frame_survives() -> None:
    framer = Framer(terminators=(b"\r",), max_frame=16)
    frames = framer.data_received(b"x" * 40)
    assert frames == [b"x" * 16]
    assert framer.data_received(b"y" * 100) == []  # still the same line: discarded
    # The terminator ends the discarded line; the next frame is cut to max_frame.
    assert framer.data_received(b"\r" + SCAN + b"\r") == [SCAN[:16]]
    framer = Framer(terminators=(b"\r",), max_frame=64)
    framer.data_received(b"x" * 100)
    assert framer.data_received(b"\r" + SCAN + b"\r") == [SCAN]


def test_stale_discard_is_forgotten_after_a_pause() -> None:
    framer = Framer(terminators=(b"\r",), max_frame=8, inter_char_timeout_s=0.1)
    framer.data_received(b"z" * 20, 0.0)
    assert framer.flush_if_stale(1.0) is None
    assert framer.data_received(b"12345\r", 1.0) == [b"12345"]


def test_reset_forgets_partial_frames() -> None:
    framer = Framer(terminators=(b"\r",))
    framer.data_received(b"half")
    framer.reset()
    assert framer.data_received(b"done\r") == [b"done"]


def test_terminator_names() -> None:
    assert terminators_from_names(["cr", "CRLF", "tab"]) == (b"\r", b"\r\n", b"\t")
    with pytest.raises(ValueError):
        terminators_from_names(["semicolon"])


@pytest.mark.parametrize("kwargs", [{"terminators": ()}, {"terminators": (b"",)},
                                    {"inter_char_timeout_s": 0}, {"max_frame": 0}])
def test_bad_framing_options(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        Framer(**kwargs)
