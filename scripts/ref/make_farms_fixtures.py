#!/usr/bin/env python3
"""Reference fixtures for the FARMS estimator (src/math/farms.ts).

FARMS (fixed-aspect-ratio matrix subsampling, arXiv 2506.06280): pool the squared singular values of
submatrices that all share one aspect ratio, then fit PL_Alpha_Hill to the pooled spectrum. The window
rule is written out in docs/ESD.md "FARMS"; this script re-implements it independently with numpy slicing
and np.linalg.svd, and fits with the straightforward loops of make_esd_fixtures.py (imported: the fit is
already checked there).

Writes test/fixtures/farms/<case>.json: the tensor, the FARMS options, the pooled eigenvalues and the
metrics of the median fit (xmin_pos 2 and 1.5) and of goodness-of-fit.

Run:  python3 scripts/ref/make_farms_fixtures.py     (deterministic: seeded numpy Generator)
"""
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_esd_fixtures import esd_dense, jsonable, metrics  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'farms')


def starts(length, size, k):
    """Window offsets: evenly spread (step = max(1, span // (k-1))), at most k, clamped to the end."""
    span = length - size
    assert span >= 0
    if k < 2 or span == 0:
        return [0]
    step = max(1, span // (k - 1))
    count = min(k, span // step + 1)
    return [min(i * step, span) for i in range(count)]


def farms_dense(w, max_side, q, k):
    rows, cols = w.shape
    h = min(max_side, rows, int(math.floor(cols / q)))
    wd = int(math.floor(h * q))
    parts = []
    for r0 in starts(rows, h, k):
        for c0 in starts(cols, wd, k):
            parts.append(esd_dense(w[r0:r0 + h, c0:c0 + wd]))
    return np.sort(np.concatenate(parts))


def farms_conv(w, conv_norm, q):
    """w: [..., c_in, c_out]; every slice long side first, floor(long/short) blocks down the long side."""
    slices = w.reshape(-1, w.shape[-2], w.shape[-1])
    parts = []
    for s in slices:
        v = s if s.shape[0] >= s.shape[1] else s.T
        long_, short = v.shape
        bh = max(1, short // q if q > 1 else short)
        bw = max(1, short if q > 1 else int(math.floor(short * q)))
        bh, bw = int(bh), int(bw)
        for d in range(long_ // short):
            parts.append(esd_dense(v[d * bh:(d + 1) * bh, :bw] * math.sqrt(conv_norm)))
    return np.sort(np.concatenate(parts))


def cases():
    rng = np.random.default_rng(20261204)
    d = {'maxSide': 100, 'q': 1.0, 'windowsPerDim': 9}
    return [
        ('gaussian_20x128', rng.standard_normal((20, 128)), d),
        ('gaussian_64x256', rng.standard_normal((64, 256)) * 0.05, d),
        ('student_t3_130x170_side40', rng.standard_t(3, size=(130, 170)), {'maxSide': 40, 'q': 1.0, 'windowsPerDim': 9}),
        ('student_t3_90x60_q2', rng.standard_t(3, size=(90, 60)), {'maxSide': 100, 'q': 2.0, 'windowsPerDim': 5}),
        ('gaussian_70x50_q05', rng.standard_normal((70, 50)), {'maxSide': 32, 'q': 0.5, 'windowsPerDim': 4}),
        ('conv1d_3x16x40', rng.standard_normal((3, 16, 40)) * 0.1, d),
        ('conv2d_2x2x24x8', rng.standard_t(4, size=(2, 2, 24, 8)), d),
    ]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, w, opts in cases():
        conv = w.ndim > 2
        lam = farms_conv(w, 0.5, opts['q']) if conv else farms_dense(w, opts['maxSide'], opts['q'], opts['windowsPerDim'])
        fits = [metrics(lam, 'median', 2.0, False), metrics(lam, 'median', 1.5, False), metrics(lam, 'goodness-of-fit', 2.0, False)]
        doc = {
            'source': 'scripts/ref/make_farms_fixtures.py (numpy %s)' % np.__version__,
            'name': name, 'shape': list(w.shape), 'convNorm': 0.5 if conv else None, 'farms': opts,
            'data': [float(v) for v in w.ravel()],
            'evals': [float(v) for v in lam],
            'fits': fits,
        }
        with open(os.path.join(OUT, name + '.json'), 'w') as fh:
            json.dump(jsonable(doc), fh, allow_nan=False, separators=(',', ':'))
        print('%-28s pooled N=%5d  alpha(median)=%.4f  alpha(gof)=%.4f' % (name, len(lam), fits[0]['alpha'], fits[2]['alpha']))


if __name__ == '__main__':
    main()
