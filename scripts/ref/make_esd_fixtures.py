#!/usr/bin/env python3
"""Reference fixtures for the ESD + power-law core (src/math/esd.ts, powerlaw.ts, metrics.ts).

Writes test/fixtures/esd/<case>.json: the matrix (float64, row-major), numpy's eigenvalues of WᵀW
(np.linalg.svd(W, compute_uv=False)**2, ascending) and, for every fit method, alpha/D/xmin and the
WeightWatcher metrics, computed by a deliberately STRAIGHTFORWARD implementation written from the formulas
in docs/METHOD.md §1-2 (plain Python loops; no shared code with the TypeScript).

Conventions shared with the TS (documented in docs/ESD.md):
  * eigenvalues <= 8 * n * 2^-52 * lambda_max are set to 0 (the Gram method's noise floor);
  * the fit uses eigenvalues > 0 (and > evals_thresh when filter_zeros);
  * median: i = floor(N / xmin_pos) clamped to 0..N-2; goodness-of-fit: argmin D over i = 0..N-2 with
    alpha > 1 (first index on ties); fix-finger: same over 0.95 p <= lambda_i <= 1.5 p,
    p = 10**(left edge of the fullest np.histogram(log10 lambda, bins=100) bin); if no candidate, the
    first lambda_i >= p (capped at N-2).

Run:  python3 scripts/ref/make_esd_fixtures.py     (deterministic: seeded numpy Generators)
"""
import json
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'esd')
EPS = 2.0 ** -52
NOISE_FACTOR = 8


def esd_dense(w):
    lam = np.sort(np.linalg.svd(w, compute_uv=False) ** 2)
    floor = NOISE_FACTOR * len(lam) * EPS * lam[-1]
    lam[lam <= floor] = 0.0
    return lam


def esd_conv1d(w, conv_norm):
    """w: [k, c_in, c_out]; each slice scaled by sqrt(conv_norm) => eigenvalues times conv_norm."""
    parts = [esd_dense(w[s]) * conv_norm for s in range(w.shape[0])]
    return np.sort(np.concatenate(parts))


def fit_at(lam, i):
    n = len(lam) - i
    xmin = lam[i]
    s = 0.0
    for j in range(i, len(lam)):
        s += math.log(lam[j] / xmin)
    alpha = 1.0 + n / s if s > 0 else math.inf
    D = 0.0
    for k in range(n):
        ratio = lam[i + k] / xmin
        fitted = 1.0 - ratio ** (1.0 - alpha)  # python: 1.0 ** -inf == 1.0, (>1) ** -inf == 0.0
        D = max(D, abs(fitted - k / n))
    return alpha, D


def best_by_d(lam, candidates):
    best = None
    for i in candidates:
        alpha, D = fit_at(lam, i)
        if alpha > 1 and (best is None or D < best[1]):
            best = (alpha, D, i)
    return best


def fit(lam, method, xmin_pos):
    N = len(lam)
    if N < 3:
        return None
    if method == 'median':
        i = max(0, min(N - 2, int(math.floor(N / xmin_pos))))
        alpha, D = fit_at(lam, i)
        return alpha, D, i
    if method == 'goodness-of-fit':
        return best_by_d(lam, range(N - 1))
    counts, edges = np.histogram(np.log10(lam), bins=100)
    p = 10 ** edges[int(np.argmax(counts))]
    cands = [i for i in range(N - 1) if 0.95 * p <= lam[i] <= 1.5 * p]
    if not cands:
        i = 0
        while i < N - 2 and lam[i] < p:
            i += 1
        cands = [i]
    return best_by_d(lam, cands)


def metrics(lam_all, method, xmin_pos, filter_zeros, evals_thresh=1e-5):
    lam_all = np.maximum(np.sort(lam_all), 0.0)
    cut = evals_thresh if filter_zeros else 0.0
    lam = [float(v) for v in lam_all if v > cut]
    lmax = float(lam_all[-1])
    norm = float(np.sum(lam_all))
    f = fit(lam, method, xmin_pos)
    alpha, D, i = f if f is not None else (math.nan, math.nan, -1)
    return {
        'fit': method, 'xminPos': xmin_pos, 'filterZeros': filter_zeros,
        'n_eigs': len(lam), 'alpha': alpha, 'D': D, 'xminIndex': i,
        'xmin': lam[i] if i >= 0 else math.nan, 'num_pl_spikes': len(lam) - i if i >= 0 else 0,
        'lambda_max': lmax, 'log_spectral_norm': math.log10(lmax), 'norm': norm,
        'log_norm': math.log10(norm), 'stable_rank': norm / lmax,
        'alpha_weighted': alpha * math.log10(lmax) if math.isfinite(alpha) else math.nan,
    }


def jsonable(x):
    """JSON has no NaN/Infinity: write them as strings the TS test maps back."""
    if isinstance(x, float) and not math.isfinite(x):
        return 'NaN' if math.isnan(x) else ('Infinity' if x > 0 else '-Infinity')
    if isinstance(x, dict):
        return {k: jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    return x


def orthogonal(rng, n):
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))


def cases():
    rng = np.random.default_rng(20241113)
    out = {}
    out['gaussian_64x96'] = rng.standard_normal((64, 96)) / math.sqrt(96)
    out['student_t3_120x80'] = rng.standard_t(3, size=(120, 80)) / math.sqrt(80)
    # Planted power law: sigma^2 ~ Pareto with density ∝ λ^(-2.5) on [1, ∞) (numpy's pareto(a) is Lomax:
    # 1 + pareto(a) has tail exponent a + 1), W = U diag(σ) Vᵀ with Haar-random U, V.
    n = 100
    lam = 1.0 + rng.pareto(1.5, size=n)
    out['planted_pl_100x100'] = orthogonal(rng, n) @ np.diag(np.sqrt(lam)) @ orthogonal(rng, n).T
    # Low rank + small noise: 5 strong directions over a noise bulk below evals_thresh (1e-5).
    out['lowrank_noise_90x60'] = (rng.standard_normal((90, 5)) @ rng.standard_normal((5, 60))
                                  + 1e-4 * rng.standard_normal((90, 60)))
    z = rng.standard_normal((50, 40))
    z[:, rng.choice(40, size=10, replace=False)] = 0.0
    out['zero_columns_50x40'] = z
    out['rank20_60x60'] = rng.standard_normal((60, 20)) @ rng.standard_normal((20, 60))
    out['wide_30x150'] = rng.standard_normal((30, 150))
    out['tall_150x30'] = rng.standard_normal((150, 30)) * 1e-3
    out['conv1d_3x16x24'] = rng.standard_normal((3, 16, 24)) * 0.1
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, w in cases().items():
        conv = w.ndim == 3
        lam = esd_conv1d(w, 0.5) if conv else esd_dense(w)
        fits = []
        for method in ('median', 'goodness-of-fit', 'fix-finger'):
            for fz in (False, True):
                fits.append(metrics(lam, method, 2.0, fz))
        fits.append(metrics(lam, 'median', 1.5, False))
        doc = {
            'source': 'scripts/ref/make_esd_fixtures.py (numpy %s)' % np.__version__,
            'name': name, 'shape': list(w.shape), 'convNorm': 0.5 if conv else None,
            'data': [float(v) for v in w.ravel()],
            'evals': [float(v) for v in lam], 'frobenius2': float(np.sum(w.astype(np.float64) ** 2)),
            'fits': fits,
        }
        with open(os.path.join(OUT, name + '.json'), 'w') as fh:
            json.dump(jsonable(doc), fh, allow_nan=False, separators=(',', ':'))
        print('%-22s N=%4d  alpha(median)=%.4f alpha(gof)=%.4f alpha(ff)=%.4f' % (
            name, len(lam), fits[0]['alpha'], fits[2]['alpha'], fits[4]['alpha']))


if __name__ == '__main__':
    main()
