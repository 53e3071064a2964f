"""Active learning from Python: MLIP-2 state files, grades against MLIP-2's calc-grade output, building a
state as calc-grade does, and grades reported by the ASE calculator during MD."""
import filecmp

import numpy as np
import pytest
from ase import units
from ase.build import bulk
from ase.md.langevin import Langevin

import openmtp
from conftest import require_mlp_command
from openmtp.ase import MTP, ExtrapolationError

D2 = "reference/mlip2/expected/d2_active_learning_LiTi2O4_L16_train500"


def mv_grades(cfgs):
    return np.array([float(c.features["MV_grade"]) for c in cfgs])


def test_grades_from_mlip2_state_equal_mlip2_calc_grade(shared):
    """MLIP-2's calc-grade saved its state and wrote MV_grade (%f) for each new configuration."""
    d = shared / D2
    state = openmtp.ActiveSet.load(str(d / "calc-grade_state.als"))
    assert state.parameter_count == 383 and not state.neighborhood_mode
    assert state.weights["energy"] == 1.0 and state.weights["force"] == 0.0
    expected = mv_grades(openmtp.read(str(d / "graded.cfg")))
    grades = np.array([state.grade(c) for c in openmtp.iread(str(d / "new100.cfg"))])
    assert len(grades) == 100 and expected.min() < 1 < expected.max()
    np.testing.assert_allclose(grades, expected, rtol=0, atol=1e-6)


def test_state_built_from_python_equals_mlip2_state(shared, tmp_path):
    d = shared / D2
    reference = openmtp.ActiveSet.load(str(d / "calc-grade_state.als"))
    built = openmtp.active_set_from_training(str(d / "pot.mtp"), str(d / "train500.cfg"))
    assert built.filled_rows == reference.filled_rows
    np.testing.assert_allclose(built.matrix, reference.matrix, rtol=0, atol=1e-10 * np.abs(reference.matrix).max())
    expected = mv_grades(openmtp.read(str(d / "graded.cfg")))
    grades = np.array([built.grade(c) for c in openmtp.iread(str(d / "new100.cfg"))])
    np.testing.assert_allclose(grades, expected, rtol=0, atol=1e-6)
    # a state read and written again is MLIP-2's file byte for byte
    reference.save(str(tmp_path / "again.als"))
    assert filecmp.cmp(tmp_path / "again.als", d / "calc-grade_state.als", shallow=False)


def test_calculator_reports_the_state_grade(shared):
    d = shared / D2
    species = ["Li", "Ti", "O"]
    calc = MTP(state=str(d / "calc-grade_state.als"), species=species)  # the potential comes from the state
    expected = mv_grades(openmtp.read(str(d / "graded.cfg")))
    for k, cfg in enumerate(openmtp.read(str(d / "new100.cfg"))[:5]):
        atoms = openmtp.to_ase(cfg, species=species)
        atoms.calc = calc
        atoms.get_potential_energy()
        assert calc.results["grade"] == pytest.approx(expected[k], abs=1e-6)
        assert "grades" not in calc.results  # configuration mode: no per-atom grades


def test_langevin_md_reports_grades_and_saves_extrapolative_configurations(cu_potential, shared, tmp_path):
    """The active-learning loop from Python: Cu MD at rising temperature with the calc-grade state of the
    mlearn training set; every step has a grade, configurations above grade_save are written."""
    train = openmtp.read(str(shared / "data/mlearn/Cu/train.cfg"))
    state = openmtp.active_set_from_training(cu_potential, train)
    atoms = bulk("Cu", "fcc", a=3.63, cubic=True).repeat((2, 2, 2))
    atoms.rattle(0.05, seed=11)
    saved = tmp_path / "preselected.cfg"
    atoms.calc = MTP(cu_potential, species=["Cu"], state=state, save_extrapolative=saved, grade_save=1.0)
    md = Langevin(atoms, 2 * units.fs, temperature_K=1500, friction=0.05, rng=np.random.default_rng(4))
    grades = []
    md.attach(lambda: grades.append(atoms.calc.results["grade"]), interval=1)
    md.run(40)
    grades = np.array(grades)
    assert len(grades) == 41 and np.all(np.isfinite(grades)) and np.all(grades > 0)
    # the grade is the state's grade of the current configuration
    assert grades[-1] == pytest.approx(state.grade(atoms.calc.configuration(atoms)), rel=1e-12)
    above = int(np.sum(grades > 1.0))
    assert 0 < above < len(grades)  # MD at 1500 K leaves the training set now and then
    written = openmtp.read(str(saved)) if saved.exists() else []
    assert len(written) == above
    for cfg in written:
        assert float(cfg.features["MV_grade"]) > 1.0
    # a break threshold below the grades stops the run
    atoms.calc = MTP(cu_potential, species=["Cu"], state=state, grade_break=1e-3)
    with pytest.raises(ExtrapolationError) as err:
        atoms.get_potential_energy()
    assert err.value.grade > 1e-3 and len(err.value.atoms) == len(atoms)


def test_neighbourhood_mode_gives_per_atom_grades(cu_potential, shared):
    train = openmtp.read(str(shared / "data/mlearn/Cu/train.cfg"))[:20]
    state = openmtp.active_set_from_training(cu_potential, train, site_energy=1.0, energy=0.0)
    assert state.neighborhood_mode and state.filled_rows > 0
    atoms = bulk("Cu", "fcc", a=3.63, cubic=True).repeat((2, 2, 2))
    atoms.rattle(0.1, seed=12)
    atoms.calc = MTP(cu_potential, species=["Cu"], state=state)
    atoms.get_potential_energy()
    per_atom = atoms.calc.results["grades"]
    assert per_atom.shape == (len(atoms),)
    assert atoms.calc.results["grade"] == pytest.approx(per_atom.max(), rel=1e-14)
    # displacing one atom far from anything in the training set raises its own grade most
    atoms.positions[5] += [0.9, 0.0, 0.0]
    atoms.get_potential_energy()
    after = atoms.calc.results["grades"]
    assert after[5] > 2 * per_atom[5]
    assert atoms.calc.results["grade"] > per_atom.max()


def test_python_state_equals_mlp_calc_grade(mlp, cu_potential_path, shared, tmp_path):
    """`mlp calc-grade` and active_set_from_training are the same library calls: the same .als bytes and the
    same grades."""
    require_mlp_command(mlp, "calc-grade")
    import subprocess
    cu = shared / "data/mlearn/Cu"
    subprocess.run([str(mlp), "calc-grade", str(cu_potential_path), str(cu / "train.cfg"), str(cu / "test.cfg"),
                    str(tmp_path / "graded.cfg"), "--als-filename=" + str(tmp_path / "mlp.als")],
                   check=True, capture_output=True)
    state = openmtp.active_set_from_training(str(cu_potential_path), str(cu / "train.cfg"))
    state.save(str(tmp_path / "python.als"))
    assert filecmp.cmp(tmp_path / "mlp.als", tmp_path / "python.als", shallow=False)
    graded = openmtp.read(str(tmp_path / "graded.cfg"))
    grades = np.array([state.grade(c) for c in openmtp.iread(str(cu / "test.cfg"))])
    np.testing.assert_allclose(grades, mv_grades(graded), rtol=1e-5)


def test_mlip3_almtp_state_grades_the_same(shared, tmp_path):
    d = shared / D2
    state = openmtp.ActiveSet.load(str(d / "calc-grade_state.als"))
    state.save(str(tmp_path / "state.almtp"))
    again = openmtp.ActiveSet.load(str(tmp_path / "state.almtp"))
    np.testing.assert_array_equal(again.matrix, state.matrix)
    cfgs = openmtp.read(str(d / "new100.cfg"))[:10]
    np.testing.assert_allclose([again.grade(c) for c in cfgs], [state.grade(c) for c in cfgs], rtol=1e-12)
    species = ["Li", "Ti", "O"]
    atoms = openmtp.to_ase(cfgs[0], species=species)
    atoms.calc = MTP(state=tmp_path / "state.almtp", species=species)
    atoms.get_potential_energy()
    assert atoms.calc.results["grade"] == pytest.approx(state.grade(cfgs[0]), rel=1e-12)


@pytest.mark.parametrize("variant,limit", [("default", 0), ("limit5", 5)])
def test_mlip2_select_add_gives_mlip2s_diff(shared, tmp_path, variant, limit):
    """The procedure of `mlp select-add`, called from Python: the configurations MLIP-2 wrote to diff.cfg."""
    d = shared / D2
    state = openmtp.ActiveSet(openmtp.Potential.load(str(d / "pot.mtp")))
    added = state.mlip2_select_add(openmtp.read(str(d / "train500.cfg")), openmtp.read(str(d / "new100.cfg")),
                                   selection_limit=limit)
    openmtp.write(str(tmp_path / "diff.cfg"), added)
    assert filecmp.cmp(tmp_path / "diff.cfg", d / ("diff_" + variant + ".cfg"), shallow=False)


def test_mlip3_select_add_selects_mlip3s_candidates(shared):
    k = shared / "reference/mlip3/mlip3-extract/test/examples/06.select_add"
    state = openmtp.ActiveSet.load(str(k / "pot.almtp"))
    added = state.mlip3_select_add(openmtp.read(str(k / "train.cfg")), openmtp.read(str(k / "preselected.cfg")))
    expected = openmtp.read(str(k / "sample_out/selected.cfg"))
    assert len(added) == len(expected) == 2
    key = lambda c: float(c.features["MV_grade"])
    for got, want in zip(sorted(added, key=key), sorted(expected, key=key)):
        np.testing.assert_array_equal(got.positions, want.positions)
        assert "selected_eqn_inds" in got.features
