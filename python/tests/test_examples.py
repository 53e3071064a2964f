"""examples/python/mtp_workflow.py runs end to end and its numbers are right."""
import json
import math
import os
import subprocess
import sys

import pytest

import openmtp

from conftest import SOURCE_DIR


def mlip2_report_value(text, section, key):
    """A number from MLIP-2's error report: the line `key = value` under the heading `section`."""
    block = text.split(section + ":")[1]
    for line in block.splitlines():
        if line.strip().startswith(key):
            return float(line.split("=")[1])
    raise KeyError(key)


def printed(value):
    """pytest.approx to the digits MLIP-2 printed (6 significant), one unit of the last digit either way."""
    return pytest.approx(value, abs=10 ** (math.floor(math.log10(abs(value))) - 5))


def test_workflow_example(tmp_path, shared, cu_potential_path):
    script = SOURCE_DIR / "examples" / "python" / "mtp_workflow.py"
    out = tmp_path / "out"
    # the state `mlp calc-grade maml_fitted.mtp train.cfg ...` would save, built from Python
    state = tmp_path / "state.als"
    openmtp.active_set_from_training(str(cu_potential_path), str(shared / "data/mlearn/Cu/train.cfg")).save(str(state))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    run = subprocess.run([sys.executable, str(script), "--potential", str(cu_potential_path), "--species", "Cu",
                          "--data", str(shared / "data/mlearn/Cu/test.cfg"), "--md-steps", "30", "--out", str(out),
                          "--state", str(state), "--grade-threshold", "1.0"],
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert abs(summary["relaxed_lattice_constant"] - 3.63) / 3.63 < 0.01
    assert summary["md_steps"] == 30
    # the grade watch: every step graded; the configurations above the threshold were written for DFT
    assert 0 < summary["md_max_grade"] < 100
    flagged = openmtp.read(str(out / "preselected.cfg")) if summary["md_flagged"] else []
    assert len(flagged) == summary["md_flagged"]
    assert all(float(c.features["MV_grade"]) > 1.0 for c in flagged)
    assert (out / "md_grades.png").read_bytes()[:4] == b"\x89PNG"
    # the parity numbers are MLIP-2's error report on the same potential and data (printed to 6 digits)
    report = (shared / "reference/mlip2/expected/a_calc-errors_mlearn_Cu/stdout.txt").read_text()
    assert summary["configurations"] == 31 and summary["atoms"] == 3178
    assert summary["energy_per_atom_rms"] == printed(mlip2_report_value(report, "Energy per atom", "RMS"))
    assert summary["energy_per_atom_mae"] == printed(mlip2_report_value(report, "Energy per atom", "Average"))
    assert summary["force_rms"] == printed(mlip2_report_value(report, "Forces", "RMS"))
    png = (out / "parity.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10000
