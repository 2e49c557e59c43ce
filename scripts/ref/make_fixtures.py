#!/usr/bin/env python3
"""`npm run fixtures`: run every scripts/ref/make_*_fixtures.py generator (each writes test/fixtures/...)."""
import glob
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
for script in sorted(glob.glob(os.path.join(here, 'make_*_fixtures.py'))):
    print('==>', os.path.basename(script), flush=True)
    subprocess.run([sys.executable, script], check=True)
