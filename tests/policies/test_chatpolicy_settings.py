"""Moderators' `/settings KEY VALUE` parsed into typed values, or a reason it was refused."""

from __future__ import annotations

import pytest

from policies.chatpolicy import EDITABLE, ChatPolicy, SettingError, parse_setting, show_value


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("mode", "Observe", "observe"),
        ("spam_action", "delete_ban", "delete_ban"),
        ("warn_limit", "5", 5),
        ("warn-limit", "5", 5),
        ("threshold", "0,8", 0.8),
        ("report_threshold", "0", 0),
        (
            "allow_domains",
            "shop.example, @Partner.COM",
            frozenset({"shop.example", "partner.com"}),
        ),
        ("allow_handles", "none", frozenset()),
        ("mode", "sometimes", SettingError("bad_choice", "observe, enforce")),
        ("warn_limit", "0", SettingError("bad_number", "1-100")),
        ("warn_limit", "five", SettingError("bad_number", "1-100")),
        ("threshold", "2", SettingError("bad_number", "0.05-0.99")),
        ("colour", "blue", SettingError("unknown_key", "colour")),
        ("allow_domains", ",", SettingError("bad_list", ",")),
        ("allow_domains", "example", SettingError("bad_domain", "example")),
        ("allow_domains", "https://www.Shop.example.com/faq", frozenset({"shop.example.com"})),
        ("allow_handles", "@my_shop, x", SettingError("bad_handle", "x")),
        # What /allow stores reads back: a collectible 4-letter handle, an invite link's hash.
        ("allow_handles", "@abcd +abcdef12", frozenset({"abcd", "+abcdef12"})),
        ("allow_handles", "abc", SettingError("bad_handle", "abc")),
        ("allow_handles", "+abc", SettingError("bad_handle", "+abc")),
    ],
    ids=[
        "choice-case-folded",
        "spam-action",
        "int",
        "dash-name",
        "decimal-comma",
        "zero-allowed",
        "list",
        "list-cleared",
        "bad-choice",
        "below-range",
        "not-a-number",
        "float-out-of-range",
        "unknown-key",
        "empty-list",
        "not-a-domain",
        "domain-from-a-link",
        "not-a-handle",
        "short-handle-and-invite",
        "three-letters",
        "short-invite-hash",
    ],
)
def test_parse_setting(name: str, raw: str, expected: object) -> None:
    """Each kind of setting accepts what a moderator would type and names what it wants."""
    assert parse_setting(name, raw) == expected


def test_every_editable_setting_round_trips_through_stored_settings() -> None:
    """A parsed value stored as JSON comes back as the same policy value."""
    samples = {
        "allow_domains": "a.com b.com",
        "allow_handles": "shop_one shop_two",
        "mode": "observe",
    }
    for name in EDITABLE:
        raw = samples.get(name) or show_value(getattr(ChatPolicy(), name))
        value = parse_setting(name, raw)
        assert not isinstance(value, SettingError), name
        stored = sorted(value) if isinstance(value, frozenset) else value
        assert getattr(ChatPolicy.from_settings({name: stored}), name) == value


def test_the_borderline_never_crosses_the_threshold() -> None:
    """/settings refuses a borderline above the threshold (or a threshold below the borderline),
    saying which bound it would cross; stored bounds that cross are read as no borderline band."""
    policy = ChatPolicy()  # threshold 0.70, borderline 0.55
    assert parse_setting("borderline", "0.9", policy) == SettingError("bad_order", "threshold 0.7")
    assert parse_setting("threshold", "0.5", policy) == SettingError(
        "bad_order", "borderline 0.55"
    )
    assert parse_setting("borderline", "0.7", policy) == 0.7
    assert parse_setting("threshold", "0.9", policy) == 0.9
    crossed = ChatPolicy.from_settings({"threshold": 0.6, "borderline": 0.8})
    assert crossed.threshold == 0.6 and crossed.borderline == 0.6


def test_chats_with_default_settings_share_one_policy():
    """Most chats never change a setting: they share one policy object and its empty lists (each
    chat's own copy, empty frozensets included, cost about a kilobyte per cached chat)."""
    from policies.chatpolicy import DEFAULT_POLICY
    from policies.values import NOTHING

    assert ChatPolicy.from_settings({}) is DEFAULT_POLICY
    assert ChatPolicy.from_settings(None) is DEFAULT_POLICY
    assert ChatPolicy().allow_domains is NOTHING and ChatPolicy().allow_handles is NOTHING
    changed = ChatPolicy.from_settings({"threshold": 0.8})
    assert changed is not DEFAULT_POLICY and changed.threshold == 0.8
    assert DEFAULT_POLICY.threshold == ChatPolicy().threshold  # the shared one is untouched
