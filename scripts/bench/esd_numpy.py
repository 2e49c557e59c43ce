#!/usr/bin/env python3
"""numpy side of `npm run bench:esd` (scripts/bench/esd.ts writes the matrices; this times numpy on them).

Usage: esd_numpy.py DIR RxC [RxC ...]
Reads DIR/W_RxC.f64 (raw float64, row-major), times np.linalg.svd(W, compute_uv=False) (best of reps,
wall and CPU time), writes DIR/np_RxC.f64 (eigenvalues of WᵀW, ascending) for the accuracy columns, and
prints one JSON object on stdout. Thread count is whatever the caller put in OPENBLAS_NUM_THREADS /
OMP_NUM_THREADS (they must be set before numpy loads OpenBLAS, hence a separate process per setting).
"""
import ctypes
import glob
import json
import os
import sys
import time

import numpy as np


def blas_info():
    """Which BLAS and which OpenBLAS kernel numpy runs (threadpoolctl if present, else ask the library)."""
    try:
        from threadpoolctl import threadpool_info  # noqa: PLC0415
        return json.dumps(threadpool_info())
    except ImportError:
        pass
    libs = glob.glob(os.path.join(os.path.dirname(os.path.dirname(np.__file__)), 'numpy.libs', '*openblas*'))
    for path in libs:
        lib = ctypes.CDLL(path)
        for prefix in ('scipy_openblas_', 'openblas_'):
            for suffix in ('64_', ''):
                try:
                    core = getattr(lib, prefix + 'get_corename' + suffix)
                    conf = getattr(lib, prefix + 'get_config' + suffix)
                    threads = getattr(lib, prefix + 'get_num_threads' + suffix)
                except AttributeError:
                    continue
                core.restype = ctypes.c_char_p
                conf.restype = ctypes.c_char_p
                return '%s | kernel %s | threads %d' % (conf().decode(), core().decode(), threads())
    return 'unknown BLAS (see np.show_config())'


def main():
    d = sys.argv[1]
    out = {'numpy': np.__version__, 'blas': blas_info(),
           'OPENBLAS_CORETYPE': os.environ.get('OPENBLAS_CORETYPE'),
           'OPENBLAS_L2_SIZE': os.environ.get('OPENBLAS_L2_SIZE'),
           'threads_env': os.environ.get('OPENBLAS_NUM_THREADS'), 'sizes': {}}
    for size in sys.argv[2:]:
        r, c = (int(x) for x in size.split('x'))
        w = np.fromfile(os.path.join(d, 'W_%s.f64' % size), dtype=np.float64).reshape(r, c)
        np.linalg.svd(w, compute_uv=False)  # warm-up (page faults, thread pool start)
        reps = 15 if r * c <= 512 * 512 else 5
        wall, cpu = [], []
        for _ in range(reps):
            t0, c0 = time.perf_counter(), time.process_time()
            s = np.linalg.svd(w, compute_uv=False)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        np.sort(s ** 2).tofile(os.path.join(d, 'np_%s.f64' % size))
        # Best of reps (timeit's advice): the machine is shared, slower runs measure the neighbours.
        out['sizes'][size] = {'wall_ms': 1000 * min(wall), 'cpu_ms': 1000 * min(cpu)}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
