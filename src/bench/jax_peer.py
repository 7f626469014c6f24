#!/usr/bin/env python3
"""JAX peer benchmark: the same work as one tiebreak run, timed in runs per second.

One run: teacher task (d=8, m=4, n=256, data seed 0), student [8,16,1] tanh in float64, LeCun-normal
init from seed = run index, units 0 and 1 tied in+out, unit 1's incoming weights perturbed by 1e-6 N(0,1),
full-batch GD (lr 0.05, 500 steps) on (1/2n) sum (yhat - y)^2, recording the unit 0-1 distance and the
loss at step 0 and the log-spaced checkpoints. train() is a lax.scan of jax.value_and_grad steps, and
jax.jit(jax.vmap(train)) runs R seeds at once. See README.md beside this file.
"""
import argparse
import math
import os
import statistics
import sys
import time

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--runs", type=int, default=1024, help="runs per timing, in chunks of --batch (default 1024)")
ap.add_argument("--batch", type=int, nargs="+", default=[1, 8, 64, 256],
                help="vmap batch size(s) R; one output line each (default: 1 8 64 256)")
ap.add_argument("--repeat", type=int, default=5, help="timed repetitions after the warm-up (default 5)")
ap.add_argument("--check", action="store_true", help="compare the vmapped runs with a plain loop, then exit")
args = ap.parse_args()
# One thread, as the PyTorch peer: XLA and any BLAS read these when loaded, so set them before importing jax.
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")
import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

jax.config.update("jax_enable_x64", True)

D, M, N, H = 8, 4, 256, 16          # inputs, teacher units, samples, student hidden units
LR, STEPS, EPS = 0.05, 500, 1e-6
# Step 0, step 500 and round(500^(k/31)) for k = 0..31: 29 distinct steps in all (as CheckpointSchedule).
CHECKPOINTS = sorted({0, STEPS} | {max(1, min(STEPS, math.floor(STEPS ** (k / 31) + 0.5))) for k in range(32)})
CHECK_IDX = np.array(CHECKPOINTS)


def teacher_data(seed=0):
    rng = np.random.default_rng(seed)   # not torch's stream: same shapes and scales, other draws
    x = rng.standard_normal((N, D))
    w = rng.standard_normal((D, M)) / math.sqrt(D)   # teacher: zero biases, linear output
    v = rng.standard_normal((M, 1)) / math.sqrt(M)
    return jnp.asarray(x), jnp.asarray(np.tanh(x @ w) @ v)


def init_params(seed):
    """LeCun-normal weights ([in, out] layout), zero biases, tie in+out of units 0 and 1, then ε on unit 1."""
    k1, k2, k3 = jax.random.split(jax.random.key(seed), 3)
    w1 = jax.random.normal(k1, (D, H)) / math.sqrt(D)
    w2 = jax.random.normal(k2, (H, 1)) / math.sqrt(H)
    b1, b2 = jnp.zeros(H), jnp.zeros(1)
    w1 = w1.at[:, 1].set(w1[:, 0] + EPS * jax.random.normal(k3, (D,)))
    return w1, b1.at[1].set(b1[0]), w2.at[1].set(w2[0]), b2


def loss_fn(params, x, y):
    w1, b1, w2, b2 = params
    return 0.5 * jnp.mean((jnp.tanh(x @ w1 + b1) @ w2 + b2 - y) ** 2)


def unit_distance(params):
    w1, b1, w2, _ = params
    return jnp.sqrt(jnp.sum((w1[:, 0] - w1[:, 1]) ** 2) + (b1[0] - b1[1]) ** 2 + (w2[0, 0] - w2[1, 0]) ** 2)


def train(seed, x, y):
    """One run: a scan over the 500 GD steps. value_and_grad gives each step's loss for free and the distance
    is a few flops, so both are recorded every step and the 29 checkpoints gathered after the scan. In a
    trial (R=8) this was as fast as recording nothing, a lax.cond on a checkpoint mask, or one fori_loop
    per checkpoint segment: all four within the noise (about 5%), so the simplest one stays."""
    def step(params, _):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        new = jax.tree.map(lambda p, g: p - LR * g, params, grads)
        return new, (unit_distance(params), loss)
    final, (dists, losses) = lax.scan(step, init_params(seed), None, length=STEPS)
    dists = jnp.append(dists, unit_distance(final))[CHECK_IDX]
    losses = jnp.append(losses, loss_fn(final, x, y))[CHECK_IDX]
    return dists, losses                          # [29] each


batched = jax.jit(jax.vmap(train, in_axes=(0, None, None)))


def run_all(runs, r, x, y):
    out = [batched(jnp.arange(start, start + r), x, y) for start in range(0, runs, r)]
    return jax.block_until_ready(out)             # dispatch is asynchronous: wait for the last chunk


def timed(runs, r, x, y, repeat):
    run_all(r, r, x, y)                           # warm-up: compiles for batch size r
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        run_all(runs, r, x, y)
        rates.append(runs / (time.perf_counter() - start))
    return statistics.median(rates), min(rates), max(rates)


def check(x, y, runs=8):
    """The vmapped, jitted runs against a plain Python loop of train() per seed, no vmap and no jit."""
    dists, losses = batched(jnp.arange(runs), x, y)
    rel = lambda a, b: abs(a - b) / max(abs(a), abs(b))
    final = every = gap = 0.0
    for s in range(runs):
        d, l = (np.asarray(a) for a in train(s, x, y))
        final = max(final, rel(l[-1], float(losses[s, -1])))
        every = max(every, max(rel(a, float(b)) for a, b in zip(l, losses[s])))
        gap = max(gap, max(rel(a, float(b)) for a, b in zip(d, dists[s])))
    print(f"check {'ok' if final <= 1e-10 else 'FAILED'} runs={runs} checkpoints={len(CHECKPOINTS)} "
          f"final_loss_rel={final:.2e} all_loss_rel={every:.2e} dist_rel={gap:.2e} "
          f"loss0={float(losses[0, 0]):.6g} loss500={float(losses[0, -1]):.6g} dtype={losses.dtype}")
    return final <= 1e-10


def main():
    x, y = teacher_data()
    if args.check:
        sys.exit(0 if check(x, y) else 1)
    for r in args.batch:
        runs = -(-args.runs // r) * r             # whole chunks of r
        med, lo, hi = timed(runs, r, x, y, args.repeat)
        print(f"jax-vmap{r} runs/s median={med:.2f} min={lo:.2f} max={hi:.2f} runs={runs} "
              f"repeat={args.repeat} threads=1 jax={jax.__version__}", flush=True)


if __name__ == "__main__":
    main()
