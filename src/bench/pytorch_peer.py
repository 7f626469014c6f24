#!/usr/bin/env python3
"""PyTorch peer benchmark: the same work as one tiebreak run, timed in runs per second.

One run: teacher task (d=8, m=4, n=256, data seed 0), student [8,16,1] tanh in float64, LeCun-normal
init from seed = run index, units 0 and 1 tied in+out, unit 1's incoming weights perturbed by 1e-6 N(0,1),
full-batch GD (lr 0.05, 500 steps) on (1/2n) sum (yhat - y)^2, recording the unit 0-1 distance and the
loss at step 0 and the log-spaced checkpoints. See README.md beside this file.
"""
import argparse
import math
import os
import statistics
import sys
import time

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--mode", choices=["loop", "batched", "both"], default="both")
ap.add_argument("--runs", type=int, help="runs per timing (default: 50 for loop, 1000 for batched)")
ap.add_argument("--repeat", type=int, default=5, help="timed repetitions after one warm-up (default 5)")
ap.add_argument("--threads", type=int, default=1, help="intra-op threads (default 1: we compare per core)")
ap.add_argument("--check", action="store_true", help="assert loop and batched modes compute the same")
args = ap.parse_args()
# BLAS/OpenMP pools read these when loaded, so pin them before torch is imported.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, str(args.threads))
try:
    import torch
except ModuleNotFoundError:
    # Debian's python3-torch is only on the system interpreter's path (not e.g. a pyenv python3).
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        print("torch not found for", sys.executable, "- re-running with /usr/bin/python3", file=sys.stderr)
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    raise
from torch import nn
import torch.nn.functional as F

D, M, N, H = 8, 4, 256, 16          # inputs, teacher units, samples, student hidden units
LR, STEPS, EPS = 0.05, 500, 1e-6
F64 = torch.float64
# Step 0, step 500 and round(500^(k/31)) for k = 0..31: 29 distinct steps in all (as CheckpointSchedule).
CHECKPOINTS = sorted({0, STEPS} | {max(1, min(STEPS, math.floor(STEPS ** (k / 31) + 0.5))) for k in range(32)})


def teacher_data(seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(N, D, generator=g, dtype=F64)
    w = torch.randn(D, M, generator=g, dtype=F64) / math.sqrt(D)   # teacher: zero biases, linear output
    v = torch.randn(M, 1, generator=g, dtype=F64) / math.sqrt(M)
    return x, torch.tanh(x @ w) @ v


def init_params(seed):
    """LeCun-normal weights ([in, out] layout), zero biases, tie in+out of units 0 and 1, then ε on unit 1."""
    g = torch.Generator().manual_seed(seed)
    w1 = torch.randn(D, H, generator=g, dtype=F64) / math.sqrt(D)
    w2 = torch.randn(H, 1, generator=g, dtype=F64) / math.sqrt(H)
    b1, b2 = torch.zeros(H, dtype=F64), torch.zeros(1, dtype=F64)
    w1[:, 1], b1[1], w2[1] = w1[:, 0], b1[0], w2[0]
    w1[:, 1] += EPS * torch.randn(D, generator=g, dtype=F64)
    return w1, b1, w2, b2


def train_loop(seed, x, y):
    """One run, the textbook way: nn.Sequential, optim.SGD, loss.backward(), optimizer.step()."""
    net = nn.Sequential(nn.Linear(D, H, dtype=F64), nn.Tanh(), nn.Linear(H, 1, dtype=F64))
    w1, b1, w2, b2 = init_params(seed)
    with torch.no_grad():   # nn.Linear stores weight as [out, in]
        for p, value in zip(net.parameters(), (w1.T, b1, w2.T, b2)):
            p.copy_(value)
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    dists, losses = [], []
    for step in range(STEPS + 1):
        loss = 0.5 * F.mse_loss(net(x), y)        # (1/2n) sum (yhat - y)^2, one output
        if step in CHECKPOINTS:
            with torch.no_grad():
                w, b, v = net[0].weight, net[0].bias, net[2].weight
                dists.append(torch.cat([w[0] - w[1], b[:1] - b[1:2], v[:, 0] - v[:, 1]]).norm().item())
            losses.append(loss.item())
        if step < STEPS:
            opt.zero_grad()
            loss.backward()
            opt.step()
    return dists, losses


def train_batched(seeds, x, y):
    """All runs at once, the run index as batch dimension. Forward with baddbmm, autograd for the
    gradients, plain SGD under no_grad. Chosen over functorch.vmap(grad(...)) (torch.func is not in
    torch 1.13): same speed within noise here, and it runs on any torch version; baddbmm also beat
    matmul broadcasting, einsum and one wide GEMM over all runs' hidden units in a quick trial."""
    params = [torch.stack(p).requires_grad_() for p in zip(*(init_params(s) for s in seeds))]
    w1, b1, w2, b2 = params                       # [R,8,16], [R,16], [R,16,1], [R,1]
    xs = x.expand(len(seeds), N, D)
    dists, losses = [], []
    for step in range(STEPS + 1):
        hidden = torch.tanh(torch.baddbmm(b1.unsqueeze(1), xs, w1))
        out = torch.baddbmm(b2.unsqueeze(1), hidden, w2)
        loss = 0.5 * ((out - y) ** 2).mean(dim=(1, 2))   # [R]: each run's own loss
        if step in CHECKPOINTS:
            with torch.no_grad():
                gap = [w1[:, :, 0] - w1[:, :, 1], (b1[:, 0] - b1[:, 1]).unsqueeze(1), w2[:, 0] - w2[:, 1]]
                dists.append(torch.cat(gap, dim=1).norm(dim=1))
                losses.append(loss.detach())
        if step < STEPS:
            grads = torch.autograd.grad(loss.sum(), params)   # runs are independent: sum = per-run grads
            with torch.no_grad():
                for p, g in zip(params, grads):
                    p.sub_(LR * g)
    return torch.stack(dists), torch.stack(losses)          # [checkpoints, R] each


def timed(work, runs, repeat):
    work(range(runs))                             # warm-up repetition
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        work(range(runs))
        rates.append(runs / (time.perf_counter() - start))
    return statistics.median(rates), min(rates), max(rates)


def check(x, y, runs=8):
    loop = [train_loop(s, x, y) for s in range(runs)]
    dists, losses = train_batched(range(runs), x, y)
    rel = lambda a, b: abs(a - b) / max(abs(a), abs(b))
    final = max(rel(loop[r][1][-1], losses[-1, r].item()) for r in range(runs))
    every = max(rel(l, losses[c, r].item()) for r in range(runs) for c, l in enumerate(loop[r][1]))
    gap = max(rel(d, dists[c, r].item()) for r in range(runs) for c, d in enumerate(loop[r][0]))
    assert final <= 1e-10, f"final losses differ between loop and batched: max relative {final:.3e}"
    print(f"check ok runs={runs} checkpoints={len(CHECKPOINTS)} final_loss_rel={final:.2e} "
          f"all_loss_rel={every:.2e} dist_rel={gap:.2e}")


def main():
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(args.threads)
    except RuntimeError:                          # only allowed before any inter-op work has started
        pass
    x, y = teacher_data()
    if args.check:
        check(x, y)
        return
    modes = {"loop": (lambda seeds: [train_loop(s, x, y) for s in seeds], 50),
             "batched": (lambda seeds: train_batched(seeds, x, y), 1000)}
    for name in (["loop", "batched"] if args.mode == "both" else [args.mode]):
        work, default_runs = modes[name]
        runs = args.runs or default_runs
        med, lo, hi = timed(work, runs, args.repeat)
        print(f"pytorch-{name} runs/s median={med:.2f} min={lo:.2f} max={hi:.2f} runs={runs} "
              f"repeat={args.repeat} threads={torch.get_num_threads()} torch={torch.__version__}", flush=True)


if __name__ == "__main__":
    main()
