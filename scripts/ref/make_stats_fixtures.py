#!/usr/bin/env python3
"""Reference values for src/math/stats.ts from scipy: paired t-tests (scipy.stats.ttest_rel, two-sided)
on seeded samples of several sizes and effect sizes, and the regularised incomplete beta function
(scipy.special.betainc) it rests on. Writes test/fixtures/stats/ttest.json. Run: npm run fixtures."""
import json
import os

import numpy as np
from scipy import special, stats

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', '..', 'test', 'fixtures', 'stats', 'ttest.json')
rng = np.random.default_rng(20261204)

cases = []
for n in (2, 3, 5, 6, 10, 12, 30):
    for effect in (0.0, 0.3, 1.0, 3.0):
        a = rng.normal(0.0, 1.0, n)
        b = a + rng.normal(effect, 1.0, n)
        res = stats.ttest_rel(b, a)
        cases.append({'a': a.tolist(), 'b': b.tolist(), 't': float(res.statistic), 'p': float(res.pvalue), 'df': n - 1})

betainc = []
for x in (0.0, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999, 1.0):
    for (a, b) in ((0.5, 0.5), (1.0, 0.5), (2.5, 0.5), (14.5, 0.5), (0.5, 3.0), (5.0, 5.0), (50.0, 0.5)):
        betainc.append({'x': x, 'a': a, 'b': b, 'value': float(special.betainc(a, b, x))})

os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, 'w') as f:
    json.dump({'generator': 'scripts/ref/make_stats_fixtures.py', 'ttest_rel': cases, 'betainc': betainc}, f, indent=1)
    f.write('\n')
print('wrote', os.path.relpath(out))
