#!/usr/bin/env python3
"""Reference trajectories of Adafactor, LAMB and LARS (src/train/optim/) in float64 numpy, written as
each paper states the update, on the quadratic loss sum_p 0.5 * sum(a_p * (theta_p - c_p)**2), whose
gradient is a_p * (theta_p - c_p). Writes test/fixtures/optim/methods.json.

  Adafactor: Shazeer & Stern 2018, Algorithms 4 (matrices, factored) and 5 (vectors), with optional
             momentum beta1, relative step and parameter scale; decoupled weight decay as Hugging Face.
  LAMB:      You et al. 2020, Algorithm 2 (bias-corrected Adam ratio + wd*theta, trust ||theta|| / ||r||).
  LARS:      You, Gitman & Ginsburg 2017, Algorithm 1 (local lr trust*||w|| / (||g|| + beta*||w||), momentum).
Each parameter has its own learning rate, as TempBalance gives them.
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'optim', 'methods.json')
rng = np.random.default_rng(20241)
# A matrix, a vector, and a zero-initialised vector (trust ratios must fall back to 1 on it).
params = {
    'w': {'init': rng.normal(size=(3, 4)), 'decay': True},
    'b': {'init': rng.normal(size=(5,)), 'decay': False},
    'z': {'init': np.zeros(4), 'decay': True},
    'k': {'init': rng.normal(size=(2, 3, 4)), 'decay': True},  # a conv-like 3-D kernel: factored over the last two axes
}
for p in params.values():
    p['a'] = rng.uniform(0.5, 2.0, size=p['init'].shape)
    p['c'] = rng.normal(size=p['init'].shape)
STEPS = 5


def grad(name, theta):
    p = params[name]
    return p['a'] * (theta - p['c'])


def rms(x):
    return np.sqrt(np.mean(x * x))


def adafactor(lrs, wd, beta1=0.0, eps1=1e-30, eps2=1e-3, d=1.0, c=-0.8, relative_step=False, scale_parameter=False):
    out = {}
    for name, p in params.items():
        x = p['init'].copy()
        factored = x.ndim >= 2
        R = np.zeros(x.shape[:-1]) if factored else None
        C = np.zeros(x.shape[:-2] + x.shape[-1:]) if factored else None
        V = None if factored else np.zeros(x.shape)
        M = np.zeros(x.shape)
        for t in range(1, STEPS + 1):
            g = grad(name, x)
            b2 = 1.0 - t ** c
            g2 = g * g + eps1
            if factored:
                # The paper's sums: R = rows summed, C = columns summed, V = R C^T / (1^T R).
                R = b2 * R + (1 - b2) * g2.sum(axis=-1) / x.shape[-1]
                C = b2 * C + (1 - b2) * g2.sum(axis=-2) / x.shape[-2]
                Rs = R * x.shape[-1]
                Cs = C * x.shape[-2]
                vhat = Rs[..., :, None] * Cs[..., None, :] / Rs.sum(axis=-1)[..., None, None]
            else:
                V = b2 * V + (1 - b2) * g2
                vhat = V
            u = g / np.sqrt(vhat)
            u = u / max(1.0, rms(u) / d)
            if beta1 > 0:
                M = beta1 * M + (1 - beta1) * u
                u = M
            rho = min(lrs[name], 1 / np.sqrt(t)) if relative_step else lrs[name]
            alpha = rho * (max(eps2, rms(x)) if scale_parameter else 1.0)
            if p['decay'] and wd:
                x = x * (1 - alpha * wd)
            x = x - alpha * u
        out[name] = x
    return out


def lamb(lrs, wd, b1=0.9, b2=0.999, eps=1e-6):
    out = {}
    for name, p in params.items():
        x = p['init'].copy()
        m = np.zeros(x.shape)
        v = np.zeros(x.shape)
        for t in range(1, STEPS + 1):
            g = grad(name, x)
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            r = (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
            if p['decay']:
                r = r + wd * x
            wn, rn = np.linalg.norm(x), np.linalg.norm(r)
            trust = wn / rn if wn > 0 and rn > 0 else 1.0
            x = x - lrs[name] * trust * r
        out[name] = x
    return out


def lars(lrs, wd, mu=0.9, trust=0.001):
    out = {}
    for name, p in params.items():
        x = p['init'].copy()
        buf = np.zeros(x.shape)
        beta = wd if p['decay'] else 0.0
        for _ in range(STEPS):
            g = grad(name, x)
            wn, gn = np.linalg.norm(x), np.linalg.norm(g)
            local = trust * wn / (gn + beta * wn) if wn > 0 and gn > 0 else 1.0
            buf = mu * buf + lrs[name] * local * (g + beta * x)
            x = x - buf
        out[name] = x
    return out


def as_list(d):
    return {k: {'shape': list(v.shape), 'data': v.ravel().tolist()} for k, v in d.items()}


lr_small = {'w': 0.05, 'b': 0.02, 'z': 0.03, 'k': 0.04}
cases = [
    {'id': 'adafactor-as-authors', 'kind': 'adafactor', 'hyper': {'weightDecay': 0.1}, 'lrs': lr_small,
     'expected': adafactor(lr_small, 0.1)},
    {'id': 'adafactor-published', 'kind': 'adafactor',
     'hyper': {'weightDecay': 0.0, 'beta1': 0.9, 'adafactor': {'relativeStep': True, 'scaleParameter': True}},
     'lrs': {'w': 1e-2, 'b': 1e-2, 'z': 0.3, 'k': 1.0},  # z, k: 1/sqrt(t) takes over from the cap
     'expected': adafactor({'w': 1e-2, 'b': 1e-2, 'z': 0.3, 'k': 1.0}, 0.0, beta1=0.9, relative_step=True, scale_parameter=True)},
    {'id': 'lamb', 'kind': 'lamb', 'hyper': {'weightDecay': 0.01, 'epsilon': 1e-6}, 'lrs': lr_small,
     'expected': lamb(lr_small, 0.01)},
    {'id': 'lars', 'kind': 'lars', 'hyper': {'weightDecay': 5e-4, 'momentum': 0.9, 'trust': 0.001},
     'lrs': {'w': 2.0, 'b': 1.0, 'z': 1e-3, 'k': 3.0}, 'expected': lars({'w': 2.0, 'b': 1.0, 'z': 1e-3, 'k': 3.0}, 5e-4)},
]
fixture = {
    'about': 'scripts/ref/make_optim_fixtures.py: float64 numpy trajectories of the published update rules',
    'steps': STEPS,
    'params': {k: {'shape': list(p['init'].shape), 'decay': p['decay'], 'init': p['init'].ravel().tolist(),
                   'a': p['a'].ravel().tolist(), 'c': p['c'].ravel().tolist()} for k, p in params.items()},
    'cases': [{**c, 'expected': as_list(c['expected'])} for c in cases],
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
    json.dump(fixture, f, indent=1)
print('wrote', os.path.relpath(OUT))
