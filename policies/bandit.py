"""Which kind of engagement prompt to post next in a chat: Thompson sampling over past outcomes.

Steward posts scheduled prompts (a question, a poll, a "show us yours", a contest, a this-or-that)
and later measures each one's effect: replies to it, and the messages and distinct participants
in the hour after it against comparable hours without a prompt. `reward` turns that into one
count-like number; per chat and per kind the caller keeps the number of posts and the sum of
their rewards (`ArmStats`).

`choose` treats each kind as an arm with an unknown rate (reward per post) and a Gamma prior,
which a Poisson-like reward updates in closed form (Gamma-Poisson): after n posts with total
reward R, a Gamma(a, b) prior becomes Gamma(a + R, b + n). It draws one rate per arm from its
posterior and posts the kind with the highest draw, so a kind is tried about as often as it could
be the best: a clear winner is posted most of the time, an arm with little evidence still comes
up now and then, and nobody has to tune an exploration rate.

The prior is what the other chats have learnt: a kind's pooled mean reward across chats
(`shared`), worth `prior_weight` posts, so a new chat starts with the kinds that work elsewhere
and its own posts soon outweigh them. Chats differ much more in size than in taste (a big group
gives every kind more replies than a small one), so by default the shared means are used as
lifts, relative to the other chats' overall mean, on top of this chat's own overall mean (itself
drawn toward the shared one while the chat has few posts). For a chat with no history that is
exactly the pooled mean; `relative=False` keeps the pooled means as they are.

`next_prompt` then picks a prompt of the chosen kind that the chat has not seen yet.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# A prompt's reward per post assumed when no chat has any history at all: about one reply.
DEFAULT_MEAN = 1.0
# A prior mean is never taken below this: a Gamma prior needs a positive shape, and a kind that
# got nothing so far still deserves an occasional try.
MIN_MEAN = 0.05
# A kind's shared mean is drawn toward the shared mean over all kinds as if by this many posts,
# so a kind the other chats tried only once or twice does not steer every new chat.
SHRINK_POSTS = 5.0


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one posted prompt did: replies to it, and messages and distinct participants in the
    hour after it, with the chat's mean for comparable hours without a prompt (`baseline_*`)."""

    replies: int
    messages: int
    participants: int
    baseline_messages: float
    baseline_participants: float


def reward(o: Outcome) -> float:
    """A prompt's reward: its replies plus the participants above the baseline (never below 0).

    Replies are the direct answer to the prompt. Extra participants count members a prompt
    brought in who would not have written in that hour, including those who talked about it
    without pressing "reply". Extra messages are left out on purpose: a busy chat's message
    count swings by far more from hour to hour than a prompt moves it, and two members arguing
    would make a divisive prompt look like the best one. Both parts are counts (or close to one),
    as the Gamma-Poisson model in `choose` assumes, and a quiet hour after a prompt is a reward
    of 0, not a penalty: a missing baseline counts no extra participants.
    """
    replies = max(0, o.replies)
    extra = 0.0
    if math.isfinite(o.baseline_participants):
        extra = max(0.0, o.participants - max(0.0, o.baseline_participants))
    return float(replies) + extra


@dataclass(frozen=True, slots=True)
class ArmStats:
    """One kind of prompt in one chat (or pooled over chats): posts and the sum of their
    rewards."""

    posts: int = 0
    reward: float = 0.0

    @property
    def mean(self) -> float | None:
        """Reward per post (None before the first post)."""
        return self.reward / self.posts if self.posts > 0 else None

    def add(self, value: float) -> ArmStats:
        """These stats with one more post that earned `value`."""
        return ArmStats(self.posts + 1, self.reward + value)


@dataclass(frozen=True, slots=True)
class Choice:
    """What `choose` decided: the kind to post, and per arm (in the order given) the rate drawn
    and the posterior mean reward per post, so the bot can say "polls get 2.3 replies here"."""

    arm: str
    arms: tuple[str, ...]
    sampled: tuple[float, ...]
    means: tuple[float, ...]

    def mean_of(self, arm: str) -> float:
        """The posterior mean reward per post of one arm."""
        return self.means[self.arms.index(arm)]

    def sampled_of(self, arm: str) -> float:
        """The rate drawn for one arm."""
        return self.sampled[self.arms.index(arm)]


@dataclass(frozen=True, slots=True)
class ArmSummary:
    """One line of `/prompt stats`: a kind, its posts and mean reward in this chat (None before
    the first post), its posterior mean, and its mean in the other chats (None if none tried
    it)."""

    arm: str
    posts: int
    mean: float | None
    posterior: float
    shared_mean: float | None


@dataclass(frozen=True, slots=True)
class _Posterior:
    shape: float
    rate: float

    @property
    def mean(self) -> float:
        return self.shape / self.rate


def _total(stats: Mapping[str, ArmStats]) -> ArmStats:
    posts = sum(max(0, s.posts) for s in stats.values())
    return ArmStats(posts, sum(max(0.0, s.reward) for s in stats.values() if s.posts > 0))


def _priors(
    arms: Sequence[str],
    shared: Mapping[str, ArmStats],
    chat: Mapping[str, ArmStats],
    prior_weight: float,
    relative: bool,
) -> tuple[float, ...]:
    """Each arm's prior mean reward per post in this chat."""
    pooled = _total(shared)
    level = DEFAULT_MEAN if pooled.mean is None else pooled.mean
    means: list[float] = []
    for arm in arms:
        own = shared.get(arm, ArmStats())
        posts = max(0, own.posts)
        total = max(0.0, own.reward) if posts else 0.0
        means.append((total + SHRINK_POSTS * level) / (posts + SHRINK_POSTS))
    if relative and level > 0:
        mine = _total(chat)
        chat_level = (mine.reward + prior_weight * level) / (mine.posts + prior_weight)
        means = [m / level * chat_level for m in means]
    return tuple(max(MIN_MEAN, m) for m in means)


def _posteriors(
    arms: Sequence[str],
    chat: Mapping[str, ArmStats],
    shared: Mapping[str, ArmStats],
    prior_weight: float,
    relative: bool,
) -> tuple[_Posterior, ...]:
    if not prior_weight > 0 or not math.isfinite(prior_weight):
        raise ValueError(f"prior_weight must be positive, not {prior_weight!r}")
    out: list[_Posterior] = []
    for arm, prior in zip(arms, _priors(arms, shared, chat, prior_weight, relative), strict=True):
        own = chat.get(arm, ArmStats())
        posts = max(0, own.posts)
        total = max(0.0, own.reward) if posts else 0.0
        out.append(_Posterior(prior * prior_weight + total, prior_weight + posts))
    return tuple(out)


def choose(
    arms: Sequence[str],
    chat: Mapping[str, ArmStats],
    shared: Mapping[str, ArmStats],
    rng: random.Random,
    *,
    prior_weight: float = 3.0,
    relative: bool = True,
) -> Choice:
    """The kind of prompt to post next in a chat (Thompson sampling, Gamma-Poisson).

    `arms` are the kinds on offer (distinct; ties go to the first listed), `chat` this chat's
    stats per kind, `shared` the stats per kind pooled over the other chats (this chat's own
    posts may be included; with many chats that hardly matters). Each arm's prior mean is the
    shared mean for that kind, else the shared mean over all kinds, else `DEFAULT_MEAN`, worth
    `prior_weight` posts; see the module docstring for `relative`. Draws one number from `rng`
    per arm.
    """
    if not arms:
        raise ValueError("choose needs at least one arm")
    posteriors = _posteriors(arms, chat, shared, prior_weight, relative)
    sampled = tuple(rng.gammavariate(p.shape, 1.0 / p.rate) for p in posteriors)
    best = max(range(len(arms)), key=lambda i: (sampled[i], -i))
    return Choice(arms[best], tuple(arms), sampled, tuple(p.mean for p in posteriors))


def summary(
    arms: Sequence[str],
    chat: Mapping[str, ArmStats],
    shared: Mapping[str, ArmStats],
    *,
    prior_weight: float = 3.0,
    relative: bool = True,
) -> tuple[ArmSummary, ...]:
    """Per kind, for `/prompt stats`: posts and mean reward here, the posterior mean `choose`
    starts from, and the other chats' mean; best posterior first (ties in the order given)."""
    posteriors = _posteriors(arms, chat, shared, prior_weight, relative)
    rows = []
    for arm, post in zip(arms, posteriors, strict=True):
        own = chat.get(arm, ArmStats())
        rows.append(
            ArmSummary(
                arm,
                max(0, own.posts),
                own.mean,
                post.mean,
                shared.get(arm, ArmStats()).mean,
            )
        )
    order = sorted(range(len(rows)), key=lambda i: (-rows[i].posterior, i))
    return tuple(rows[i] for i in order)


def next_prompt(
    candidates: Sequence[T],
    used: Collection[str],
    kind: str,
    rng: random.Random,
    *,
    key: Callable[[T], str],
    kind_of: Callable[[T], str],
) -> T | None:
    """A prompt to post: one of `kind` whose `key` is not in `used`, drawn at random.

    When every prompt of that kind has been used, an unused prompt of any kind (the caller then
    records the kind it actually posted); when the whole library has been used, it starts over:
    any prompt of `kind` (any prompt at all if there is none of that kind). None only when there
    are no candidates. Draws from `rng` once when it returns a prompt.
    """
    if not candidates:
        return None
    seen = used if isinstance(used, (set, frozenset)) else set(used)
    fresh = [c for c in candidates if key(c) not in seen]
    pool = [c for c in fresh if kind_of(c) == kind] or fresh
    if not pool:
        pool = [c for c in candidates if kind_of(c) == kind] or list(candidates)
    return rng.choice(pool)
