"""Bearer tokens: typed on command lines and kept in config files."""

from app.hashing import new_token, token_digest


def test_a_token_never_looks_like_a_command_line_option() -> None:
    # token_urlsafe alone starts with '-' one time in 64; argparse then took
    # `--token -abc...` for a missing argument (a CI failure, 2026-11-29).
    tokens = [new_token() for _ in range(2000)]
    assert not any(t.startswith("-") for t in tokens)
    assert all(t.startswith("gpt_") and len(t) > 40 for t in tokens)
    assert len(set(tokens)) == len(tokens)


def test_only_the_digest_is_kept() -> None:
    t = new_token()
    assert token_digest(t) == token_digest(t) and t not in token_digest(t)
