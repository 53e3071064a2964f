"""A magnetic MTP (MLIP-3's magnetic_basis_type) from Python: ASE's initial magnetic moments in, dE/dm out,
against MLIP-3's calculate_efs output and against finite differences of the energy."""
import numpy as np
import pytest

import openmtp
from openmtp.ase import MTP


@pytest.fixture(scope="module")
def magnetic_case(shared):
    d = shared / "reference/mlip3/expected/magnetic_efs"
    return (openmtp.Potential.load(str(d / "fe_mag_random.mtp")), openmtp.read(str(d / "fe_variants.cfg")),
            openmtp.read(str(d / "efs_fe_mag_random__fe_variants.cfg")))


def test_evaluator_gives_mlip3_moment_derivatives(magnetic_case):
    pot, inputs, expected = magnetic_case
    assert pot.is_magnetic
    ev = openmtp.Evaluator(pot)
    for cfg, ref in list(zip(inputs, expected))[:3]:
        r = ev.compute(cfg)
        assert r["energy"] == pytest.approx(ref.energy, abs=5e-11)
        np.testing.assert_allclose(r["forces"], ref.forces, rtol=0, atol=1.5e-6)
        np.testing.assert_allclose(r["moment_derivatives"], np.asarray(ref.magnetic_moment_energy_derivatives)[:, 0],
                                   rtol=0, atol=1.5e-5)


def test_ase_calculator_takes_initial_magnetic_moments(magnetic_case):
    pot, inputs, expected = magnetic_case
    atoms = openmtp.to_ase(inputs[0], species=["Fe"])
    atoms.set_initial_magnetic_moments(np.asarray(inputs[0].magnetic_moments)[:, 0])
    atoms.calc = MTP(pot, species=["Fe"])
    assert atoms.get_potential_energy() == pytest.approx(expected[0].energy, abs=5e-11)
    der = atoms.calc.get_property("magmom_derivatives", atoms)
    np.testing.assert_allclose(der, np.asarray(expected[0].magnetic_moment_energy_derivatives)[:, 0], rtol=0,
                               atol=1.5e-5)
    # dE/dm against a central difference of the energy in one atom's moment.
    m = atoms.get_initial_magnetic_moments()
    h = 1e-5
    energies = []
    for sign in (1, -1):
        moved = m.copy()
        moved[3] += sign * h
        atoms.set_initial_magnetic_moments(moved)
        energies.append(atoms.get_potential_energy())
    assert der[3] == pytest.approx((energies[0] - energies[1]) / (2 * h), abs=1e-7)
