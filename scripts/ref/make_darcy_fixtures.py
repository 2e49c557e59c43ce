#!/usr/bin/env python3
"""Reference solution of the Darcy finite-volume system with scipy (test/fixtures/pde/darcy_scipy_*.json).

The matrix is assembled here independently of src/data/pde/darcy.ts from its definition: cell-centred
finite volumes on n x n cells of the unit square, face coefficient = harmonic mean of the two cells,
boundary face = 2 a_P / h^2 (u = 0 at distance h/2), everything divided by h^2. It is solved with
scipy.sparse.linalg.spsolve (direct LU). The coefficient is a deterministic two-valued field (no RNG
shared with TypeScript), the source a constant beta. Regenerate: python3 scripts/ref/make_darcy_fixtures.py
"""
import json
import os

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'pde')


def coefficient(n):
    c = (np.arange(n) + 0.5) / n
    x, y = np.meshgrid(c, c)  # x varies along axis 1 (i), y along axis 0 (j): row-major [j, i]
    psi = np.sin(3 * np.pi * x) * np.cos(2 * np.pi * y) + 0.3 * np.sin(5 * np.pi * x * y) - 0.1
    return np.where(psi >= 0, 12.0, 3.0)


def assemble(a):
    n = a.shape[0]
    inv_h2 = float(n * n)
    idx = lambda j, i: j * n + i
    rows, cols, vals = [], [], []
    for j in range(n):
        for i in range(n):
            p = idx(j, i)
            diag = 0.0
            for dj, di in ((0, 1), (0, -1), (1, 0), (-1, 0)):
                jj, ii = j + dj, i + di
                if 0 <= jj < n and 0 <= ii < n:
                    t = 2 * a[j, i] * a[jj, ii] / (a[j, i] + a[jj, ii]) * inv_h2
                    rows.append(p); cols.append(idx(jj, ii)); vals.append(-t)
                    diag += t
                else:
                    diag += 2 * a[j, i] * inv_h2
            rows.append(p); cols.append(p); vals.append(diag)
    return sp.csr_matrix((vals, (rows, cols)), shape=(n * n, n * n))


def main():
    os.makedirs(OUT, exist_ok=True)
    for n, beta in ((32, 1.0),):
        a = coefficient(n)
        A = assemble(a)
        u = spla.spsolve(A.tocsc(), np.full(n * n, beta))
        ev = np.linalg.eigvalsh(A.toarray())
        out = {
            'n': n,
            'beta': beta,
            'a': a.ravel().tolist(),
            'u': u.tolist(),
            'residual': float(np.linalg.norm(A @ u - beta) / np.linalg.norm(np.full(n * n, beta))),
            'lambdaMin': float(ev[0]),
            'lambdaMax': float(ev[-1]),
            'symmetryError': float(abs(A - A.T).max()),
        }
        path = os.path.join(OUT, f'darcy_scipy_n{n}.json')
        with open(path, 'w') as fh:
            json.dump(out, fh)
        print('wrote', os.path.relpath(path), 'lambda range', ev[0], ev[-1])


if __name__ == '__main__':
    main()
