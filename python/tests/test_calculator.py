"""openmtp.ase.MTP: results against MLIP-2's calc-efs output, against `mlp calc-efs`, against ASE's finite
differences, and the sign/unit conventions of stress."""
import subprocess

import numpy as np
import pytest
from ase.build import bulk
from ase.calculators.calculator import PropertyNotImplementedError

import openmtp
from conftest import require_mlp_command
from openmtp.ase import MTP


def rattled_cu(seed=0, strain=0.0, reps=(2, 2, 2), a=3.62):
    atoms = bulk("Cu", "fcc", a=a, cubic=True).repeat(reps)
    rng = np.random.default_rng(seed)
    atoms.positions += rng.normal(scale=0.08, size=atoms.positions.shape)
    if strain:
        eps = np.eye(3) + strain * rng.normal(size=(3, 3))
        atoms.set_cell(atoms.cell[:] @ eps, scale_atoms=True)
    return atoms


def test_calculator_equals_mlip2_calc_efs_output(shared, cu_potential_path):
    """MLIP-2's `mlp calc-efs maml_fitted.mtp test.cfg out.cfg` printed E (%.12f), F (%.6f), PlusStress
    (%.5f); the calculator must agree to those digits (last-digit rounding allowed)."""
    expected = openmtp.read(str(shared / "reference/mlip2/expected/a_calc-efs_mlearn_Cu/out.cfg"))
    inputs = openmtp.read(str(shared / "data/mlearn/Cu/test.cfg"))
    assert len(expected) == len(inputs) == 31
    calc = MTP(str(cu_potential_path), species=["Cu"])
    for cfg, ref in list(zip(inputs, expected))[::5]:
        atoms = openmtp.to_ase(cfg, species=["Cu"])
        atoms.calc = calc
        assert atoms.get_potential_energy() == pytest.approx(ref.energy, abs=2e-9)
        np.testing.assert_allclose(atoms.get_forces(), ref.forces, rtol=0, atol=1.5e-6)
        virial = -openmtp._atoms.voigt_to_matrix(atoms.get_stress()) * atoms.get_volume()
        np.testing.assert_allclose(virial, ref.virial, rtol=0, atol=1.5e-5)


def test_calculator_equals_mlp_calc_efs(tmp_path, mlp, cu_potential_path, sample_cfg):
    """The calculator and the `mlp calc-efs` command are the same library call."""
    require_mlp_command(mlp, "calc-efs")
    out = tmp_path / "out.cfg"
    subprocess.run([str(mlp), "calc-efs", str(cu_potential_path), str(sample_cfg), str(out)], check=True)
    calc = MTP(cu_potential_path, species=["Cu"])
    written = openmtp.read(str(out))
    inputs = openmtp.read(str(sample_cfg))
    assert len(written) == len(inputs) == 5
    for cfg, ref in zip(inputs, written):
        atoms = openmtp.to_ase(cfg, species=["Cu"])
        atoms.calc = calc
        assert atoms.get_potential_energy() == pytest.approx(ref.energy, abs=1e-11 * len(atoms))
        np.testing.assert_allclose(atoms.get_forces(), ref.forces, rtol=0, atol=1e-6)
        virial = -openmtp._atoms.voigt_to_matrix(atoms.get_stress()) * atoms.get_volume()
        np.testing.assert_allclose(virial, ref.virial, rtol=0, atol=1e-5)


def test_forces_match_finite_differences(cu_potential):
    atoms = rattled_cu(seed=1)
    atoms.calc = MTP(cu_potential, species=["Cu"])
    analytic = atoms.get_forces()
    numeric = atoms.calc.calculate_numerical_forces(atoms, d=1e-4)
    assert np.abs(analytic).max() > 0.3  # a rattled cell has real forces
    np.testing.assert_allclose(analytic, numeric, rtol=0, atol=2e-6)
    assert np.abs(analytic.sum(axis=0)).max() < 1e-10  # Newton's third law


def test_stress_matches_finite_differences_in_a_sheared_cell(cu_potential):
    atoms = rattled_cu(seed=2, strain=0.03)
    atoms.calc = MTP(cu_potential, species=["Cu"])
    analytic = atoms.get_stress()
    numeric = atoms.calc.calculate_numerical_stress(atoms, d=1e-5)
    assert np.abs(analytic).max() > 1e-3
    np.testing.assert_allclose(analytic, numeric, rtol=0, atol=2e-8)


def test_stress_sign_compressed_crystal_pushes_outwards(cu_potential):
    """ASE's stress is positive under tension: a crystal squeezed below its equilibrium volume has
    negative diagonal stress, and MLIP's PlusStress (virial) is then positive."""
    atoms = bulk("Cu", "fcc", a=3.45, cubic=True)
    atoms.calc = MTP(cu_potential, species=["Cu"])
    s = atoms.get_stress()
    assert np.all(s[:3] < 0)
    np.testing.assert_allclose(s[3:], 0, atol=1e-10)
    cfg = atoms.calc.configuration()
    r = atoms.calc.evaluator.compute(cfg)
    np.testing.assert_allclose(r["virial"].diagonal(), -s[:3] * atoms.get_volume(), rtol=1e-13)


def test_per_atom_energies_and_stresses_sum_to_totals(cu_potential):
    atoms = rattled_cu(seed=3, strain=0.02)
    atoms.calc = MTP(cu_potential, species=["Cu"])
    e = atoms.get_potential_energy()
    assert atoms.get_potential_energies().sum() == pytest.approx(e, abs=1e-10)
    np.testing.assert_allclose(atoms.get_stresses().sum(axis=0), atoms.get_stress(), rtol=0, atol=1e-12)
    assert atoms.get_potential_energy(force_consistent=True) == e


def test_invariance_under_rotation_translation_and_permutation(cu_potential):
    atoms = rattled_cu(seed=4, strain=0.02)
    atoms.calc = MTP(cu_potential, species=["Cu"])
    e, f = atoms.get_potential_energy(), atoms.get_forces()
    rot = np.linalg.qr(np.random.default_rng(5).normal(size=(3, 3)))[0]
    moved = atoms.copy()
    moved.set_cell(atoms.cell[:] @ rot.T)
    moved.positions = atoms.positions @ rot.T + [0.3, -1.7, 2.2]
    perm = np.random.default_rng(6).permutation(len(atoms))
    moved = moved[perm]
    moved.calc = MTP(cu_potential, species=["Cu"])
    assert moved.get_potential_energy() == pytest.approx(e, abs=1e-9)
    np.testing.assert_allclose(moved.get_forces(), (f @ rot.T)[perm], atol=1e-9)


def test_cluster_has_no_stress(cu_potential):
    atoms = bulk("Cu", "fcc", a=3.62, cubic=True)
    atoms.pbc = False
    atoms.calc = MTP(cu_potential, species=["Cu"])
    assert np.isfinite(atoms.get_potential_energy())
    np.testing.assert_allclose(atoms.get_forces().sum(axis=0), 0, atol=1e-10)
    with pytest.raises(PropertyNotImplementedError):
        atoms.get_stress()


def test_species_mapping_is_checked(cu_potential):
    atoms = bulk("Cu", "fcc", a=3.62) * (2, 1, 1)
    atoms[0].symbol = "Ag"
    atoms.calc = MTP(cu_potential, species=["Cu"])
    with pytest.raises(ValueError, match="Ag"):
        atoms.get_potential_energy()
    with pytest.raises(ValueError):
        MTP(cu_potential, species=["Cu", "Ag"])  # a one-species potential has no type 1
    # without species, a potential that records no names cannot tell which element it is for: refused
    # (it would otherwise evaluate the Ag atom as Cu)
    atoms.calc = MTP(cu_potential)
    with pytest.raises(ValueError, match="species"):
        atoms.get_potential_energy()


def test_three_species_potential_equals_mlip2(shared):
    """A 3-species L16 potential (trained by MLIP-2 on LiTi2O4) through the calculator, with the symbol of
    each type given: MLIP-2's calc-efs output to its printed digits."""
    d = shared / "reference/mlip2/expected/b_train_LiTi2O4_L16_3sp"
    species = ["Li", "Ti", "O"]
    calc = MTP(str(d / "pot.mtp"), species=species)
    inputs = openmtp.read(str(d / "next100.cfg"))
    expected = openmtp.read(str(d / "calc-efs_next100.cfg"))
    for cfg, ref in list(zip(inputs, expected))[:100:20]:
        atoms = openmtp.to_ase(cfg, species=species)
        assert set(atoms.get_chemical_symbols()) == {"Li", "Ti", "O"}
        atoms.calc = calc
        assert atoms.get_potential_energy() == pytest.approx(ref.energy, abs=2e-9)
        np.testing.assert_allclose(atoms.get_forces(), ref.forces, rtol=0, atol=1.5e-6)
    with pytest.raises(ValueError, match="3 species"):
        MTP(str(d / "pot.mtp")).get_potential_energy(atoms)


@pytest.fixture(scope="module")
def synthetic_alloy_potential():
    """A two-species level-10 potential with random coefficients: nothing physical, but every term of the
    model active, and no data files needed."""
    pot = openmtp.Potential.untrained(10, species_count=2, min_dist=1.8, max_dist=4.6)
    rng = np.random.default_rng(42)
    theta = pot.parameters
    r = pot.radial_parameter_count
    theta[:r] = rng.normal(scale=0.3, size=r)
    theta[r:r + 2] = rng.normal(scale=1.0, size=2)  # species coefficients
    theta[r + 2:] = rng.normal(scale=5e-6, size=len(theta) - r - 2)  # forces of a few eV/A
    pot.parameters = theta
    return pot


def alloy(seed):
    atoms = bulk("Cu", "fcc", a=3.7, cubic=True).repeat((2, 2, 1))
    rng = np.random.default_rng(seed)
    for k in rng.choice(len(atoms), size=7, replace=False):
        atoms[k].symbol = "Ag"
    atoms.positions += rng.normal(scale=0.07, size=atoms.positions.shape)
    atoms.set_cell(atoms.cell[:] @ (np.eye(3) + 0.02 * rng.normal(size=(3, 3))), scale_atoms=True)
    return atoms


def test_two_species_forces_and_stress_match_finite_differences(synthetic_alloy_potential):
    atoms = alloy(seed=1)
    atoms.calc = MTP(synthetic_alloy_potential, species=["Cu", "Ag"])
    forces = atoms.get_forces()
    assert np.abs(forces).max() > 1.0
    np.testing.assert_allclose(forces, atoms.calc.calculate_numerical_forces(atoms, d=1e-4),
                               rtol=0, atol=1e-7 * max(1.0, np.abs(forces).max()))
    stress = atoms.get_stress()
    np.testing.assert_allclose(stress, atoms.calc.calculate_numerical_stress(atoms, d=1e-5),
                               rtol=0, atol=2e-8 * max(1.0, np.abs(stress).max()))
    # the species mapping matters: swapping it changes the energy
    e = atoms.get_potential_energy()
    atoms.calc = MTP(synthetic_alloy_potential, species=["Ag", "Cu"])
    assert abs(atoms.get_potential_energy() - e) > 0.1


def test_two_species_invariances(synthetic_alloy_potential):
    atoms = alloy(seed=2)
    atoms.calc = MTP(synthetic_alloy_potential, species={"Cu": 0, "Ag": 1})
    e, f = atoms.get_potential_energy(), atoms.get_forces()
    rot = np.linalg.qr(np.random.default_rng(3).normal(size=(3, 3)))[0]
    perm = np.random.default_rng(4).permutation(len(atoms))
    moved = atoms.copy()
    moved.set_cell(atoms.cell[:] @ rot.T)
    moved.positions = atoms.positions @ rot.T - [1.1, 0.4, 2.0]
    moved = moved[perm]
    moved.calc = MTP(synthetic_alloy_potential, species={"Cu": 0, "Ag": 1})
    assert moved.get_potential_energy() == pytest.approx(e, rel=1e-12, abs=1e-10)
    np.testing.assert_allclose(moved.get_forces(), (f @ rot.T)[perm], rtol=0, atol=1e-10 * max(1, np.abs(f).max()))
