#!/usr/bin/env python3
"""scipy side of scripts/bench/pde2d.ts: solve the Darcy systems in a JSON file ([{n, a, u}]) with
spsolve (direct) and with scipy's conjugate gradients (rtol 1e-10, no preconditioner), assembled as in
scripts/ref/make_darcy_fixtures.py; print times (CPU seconds, median of repeats) and the largest
difference from the TypeScript solution u, relative to max |u|, as JSON."""
import json
import os
import sys
import time

import numpy as np
import scipy.sparse.linalg as spla

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'ref'))
from make_darcy_fixtures import assemble  # noqa: E402


def timed(f, reps):
    out, times = None, []
    for _ in range(reps):
        t0 = time.process_time()
        out = f()
        times.append(time.process_time() - t0)
    return out, float(np.median(times))


def main():
    systems = json.load(open(sys.argv[1]))
    results = []
    for s in systems:
        n = s['n']
        a = np.array(s['a']).reshape(n, n)
        A = assemble(a).tocsc()
        b = np.ones(n * n)
        reps = 10 if n <= 64 else 3
        u_direct, t_direct = timed(lambda: spla.spsolve(A, b), reps)
        iters = [0]

        def count(_):
            iters[0] += 1

        def run_cg():
            iters[0] = 0
            return spla.cg(A.tocsr(), b, rtol=1e-10, maxiter=100000, callback=count)[0]

        _, t_cg = timed(run_cg, reps)
        ours = np.array(s['u'])
        results.append({
            'n': n,
            'spsolve': t_direct,
            'cg': t_cg,
            'cgIterations': iters[0],
            'maxRelDiff': float(np.max(np.abs(ours - u_direct)) / np.max(np.abs(u_direct))),
        })
    print(json.dumps(results))


if __name__ == '__main__':
    main()
