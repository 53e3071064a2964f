#!/usr/bin/python3
"""Test-set MAE of energy per atom (meV) and of force components (eV/A), the measures of the mlearn paper's
tables (data/mlearn/README.md), for trained potentials and the published one.
    PYTHONPATH=build/python:python bench/mlearn_component_mae.py El=trained.mtp [El=trained.mtp ...]
Prints: El, ours E, ours F, published E, published F."""
import os
import sys

import numpy as np

import openmtp

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(os.environ.get("OPENMTP_SHARED_DIR", os.path.join(here, "..", "..", "shared")), "data", "mlearn")


def errors(potential, configurations):
    evaluator = openmtp.Evaluator(openmtp.Potential.load(potential))
    de, df = [], []
    for c in configurations:
        ref_e, ref_f = c.energy, np.array(c.forces)
        evaluator.compute_into(c)
        de.append(abs(c.energy - ref_e) / len(c.positions))
        df.append(np.abs(np.array(c.forces) - ref_f).ravel())
    return 1000 * np.mean(de), np.mean(np.concatenate(df))


for arg in sys.argv[1:]:
    element, trained = arg.split("=", 1)
    test = os.path.join(data, element, "test.cfg")
    ours = errors(trained, openmtp.read(test))
    published = errors(os.path.join(data, element, "maml_fitted.mtp"), openmtp.read(test))
    print(f"{element} {ours[0]:.3f} {ours[1]:.4f} {published[0]:.3f} {published[1]:.4f}", flush=True)
