"""Times NetworkAttackSimulator (NASim) steps on a generated 1,000-host network.

One of the two sides of `benches/peers/run` (see the README beside it). NASim has no
1,000-host benchmark of its own, so the network is built by its generator with the
parameters of its largest generated benchmark (`huge-gen`: 4 operating systems,
10 services, 4 processes, restrictiveness 3, the "mixed" exploit probabilities) and
`num_hosts` raised to 1,000. The attacker takes actions drawn uniformly from the flat action
space by a seeded generator, and the environment is reset (untimed) when an episode ends.
Only the `env.step` calls are timed; building the network and its action space is not.

Prints one JSON line: {"hosts", "steps", "seconds", "ms_per_step", ...}.

Usage: python nasim_steps.py [--hosts N] [--steps N] [--seed N]
"""

import argparse
import json
import sys
import time

import nasim
from nasim.scenarios.benchmark.generated import AVAIL_GEN_BENCHMARKS


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    # `huge-gen` with more hosts; no step limit, so an episode ends only when the attacker
    # reaches the goal (the sensitive hosts), which a random attacker on 1,000 hosts
    # practically never does.
    params = dict(AVAIL_GEN_BENCHMARKS["huge-gen"])
    params.pop("name")
    params.update(num_hosts=args.hosts, seed=args.seed, step_limit=None)
    num_hosts = params.pop("num_hosts")
    num_services = params.pop("num_services")

    built = time.perf_counter()
    env = nasim.generate(num_hosts, num_services, **params)
    env.reset(seed=args.seed)
    env.action_space.seed(args.seed)
    built = time.perf_counter() - built

    # The actions are drawn before the clock starts, so the figure is NASim's step alone.
    actions = [int(env.action_space.sample()) for _ in range(args.steps)]

    seconds = 0.0
    episodes = 1
    for action in actions:
        t = time.perf_counter()
        _, _, done, truncated, _ = env.step(action)
        seconds += time.perf_counter() - t
        if done or truncated:
            env.reset()
            episodes += 1

    print(
        json.dumps(
            {
                "hosts": len(env.scenario.hosts),
                "steps": args.steps,
                "seconds": round(seconds, 6),
                "ms_per_step": round(seconds * 1000 / args.steps, 4),
                "actions": int(env.action_space.n),
                "episodes": episodes,
                "build_seconds": round(built, 3),
                "nasim": nasim.__version__,
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
