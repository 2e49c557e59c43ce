#!/usr/bin/env python3
"""numpy side of `npm run bench:file` (scripts/bench/file.ts): the plain pipeline a user would write.

Usage: file_numpy.py FILE.safetensors f64|f32 [XMIN_POS]
Reads the safetensors header, then per 2-D F32 tensor: its bytes, np.linalg.svd(W, compute_uv=False) in
float64 (f64, the precision of our ESD) or on the float32 array as read (f32, LAPACK sgesdd), eigenvalues s**2 ascending, the median Hill fit (i = floor(N / XMIN_POS), alpha =
1 + n / sum(ln(lambda_j / lambda_i)), as src/math/powerlaw.ts). Prints one JSON object: wall seconds
of the whole pipeline (read + svd + fit) and alpha per layer. Threads: whatever OPENBLAS_NUM_THREADS says.
"""
import json
import struct
import sys
import time

import numpy as np


def main():
    path = sys.argv[1]
    f64 = sys.argv[2] == 'f64'
    xmin_pos = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
    t0 = time.perf_counter()
    alphas = {}
    with open(path, 'rb') as f:
        (hlen,) = struct.unpack('<Q', f.read(8))
        header = json.loads(f.read(hlen))
        base = 8 + hlen
        for name, spec in header.items():
            if name == '__metadata__' or spec['dtype'] != 'F32' or len(spec['shape']) != 2:
                continue
            start, end = spec['data_offsets']
            f.seek(base + start)
            w = np.frombuffer(f.read(end - start), dtype=np.float32).reshape(spec['shape'])
            if f64:
                w = w.astype(np.float64)
            ev = np.sort(np.linalg.svd(w, compute_uv=False).astype(np.float64) ** 2)
            i = min(int(len(ev) // xmin_pos), len(ev) - 2)
            tail = ev[i:]
            alphas[name] = 1 + len(tail) / np.sum(np.log(tail / tail[0]))
    print(json.dumps({'wall_s': time.perf_counter() - t0, 'alphas': alphas}))


if __name__ == '__main__':
    main()
