"""The calculator inside ASE's optimisers and MD drivers."""
import numpy as np
import pytest
from ase import units
from ase.build import bulk
from ase.md.langevin import Langevin
from ase.md.velocitydistribution import MaxwellBoltzmannDistribution
from ase.md.verlet import VelocityVerlet
from ase.optimize import BFGS

from openmtp.ase import MTP

try:  # ASE >= 3.23
    from ase.filters import ExpCellFilter, UnitCellFilter
except ImportError:  # ASE 3.22
    from ase.constraints import ExpCellFilter, UnitCellFilter


@pytest.mark.parametrize("cell_filter", [ExpCellFilter, UnitCellFilter])
def test_cell_relaxation_of_fcc_cu_reaches_its_lattice_constant(cu_potential, cell_filter):
    """The mlearn Cu MTP was fitted to PBE data (a = 3.63 A); relaxing positions and cell of a strained,
    rattled fcc cell from a = 3.50 A must land within 1% of it, with a cubic cell and vanishing stress."""
    atoms = bulk("Cu", "fcc", a=3.50, cubic=True).repeat((2, 2, 2))
    atoms.rattle(0.02, seed=7)
    atoms.calc = MTP(cu_potential, species=["Cu"])
    opt = BFGS(cell_filter(atoms), logfile=None)
    assert opt.run(fmax=1e-3, steps=300)
    a = (atoms.get_volume() / len(atoms) * 4) ** (1 / 3)  # 4 atoms per cubic fcc cell
    assert abs(a - 3.63) / 3.63 < 0.01, a
    np.testing.assert_allclose(atoms.cell.lengths() / 2, a, rtol=1e-3)
    np.testing.assert_allclose(atoms.cell.angles(), 90, atol=0.1)
    assert np.abs(atoms.get_stress()).max() < 1e-4  # eV/A^3: the filters converge virial/N below fmax
    assert np.abs(atoms.get_forces()).max() < 1e-3


def test_velocity_verlet_conserves_energy(cu_potential):
    atoms = bulk("Cu", "fcc", a=3.63, cubic=True).repeat((2, 2, 2))
    atoms.calc = MTP(cu_potential, species=["Cu"])
    MaxwellBoltzmannDistribution(atoms, temperature_K=600, rng=np.random.default_rng(0))
    e0 = atoms.get_potential_energy() + atoms.get_kinetic_energy()
    md = VelocityVerlet(atoms, timestep=1.0 * units.fs)
    totals = []
    md.attach(lambda: totals.append(atoms.get_potential_energy() + atoms.get_kinetic_energy()), interval=5)
    start = atoms.get_positions()
    md.run(100)
    drift = np.abs(np.array(totals) - e0).max()
    assert np.abs(atoms.get_positions() - start).max() > 0.05  # the atoms did move
    assert drift < 1e-4 * len(atoms), drift


def test_langevin_md_runs(cu_potential):
    atoms = bulk("Cu", "fcc", a=3.63, cubic=True).repeat((2, 2, 2))
    atoms.calc = MTP(cu_potential, species=["Cu"])
    md = Langevin(atoms, 2 * units.fs, temperature_K=500, friction=0.05, rng=np.random.default_rng(1))
    temps = []
    md.attach(lambda: temps.append(atoms.get_temperature()), interval=1)
    md.run(60)
    assert len(temps) == 61 and 50 < np.mean(temps[20:]) < 1500
