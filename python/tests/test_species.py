"""Species by element name: a potential's recorded names, the calculator's mapping through them (and its
refusal of elements the potential does not have), and openmtp.read/write with a species order."""
import numpy as np
import pytest
from ase.build import bulk

import openmtp
from openmtp.ase import MTP


@pytest.fixture
def named_cu(cu_potential):
    pot = cu_potential.copy()
    pot.species_names = ["Cu"]
    return pot


def rattled(symbol="Cu", seed=1):
    atoms = bulk(symbol, "fcc", a=3.62, cubic=True).repeat((2, 1, 1))
    atoms.positions += np.random.default_rng(seed).normal(scale=0.05, size=atoms.positions.shape)
    return atoms


def test_names_round_trip_through_the_mtp_file(named_cu, tmp_path):
    path = tmp_path / "named.mtp"
    named_cu.save(str(path))
    assert "potential_tag = species_names: Cu\n" in path.read_text()
    again = openmtp.Potential.load(str(path))
    assert again.species_names == ["Cu"]
    np.testing.assert_array_equal(again.parameters, named_cu.parameters)
    with pytest.raises(openmtp.Error):
        named_cu.species_names = ["Cu", "Ag"]  # one name per species
    assert named_cu.species_names == ["Cu"]


def test_calculator_types_atoms_by_the_recorded_names(named_cu, cu_potential):
    atoms = rattled()
    atoms.calc = MTP(named_cu)  # no species= needed
    e_named = atoms.get_potential_energy()
    atoms.calc = MTP(cu_potential, species=["Cu"])
    assert atoms.get_potential_energy() == e_named
    atoms.calc = MTP(named_cu, species=["Cu"])  # agreeing explicit order
    assert atoms.get_potential_energy() == e_named
    with pytest.raises(ValueError, match="disagree"):
        MTP(named_cu, species={"Ag": 0})


def test_calculator_refuses_an_element_the_potential_does_not_have(named_cu, cu_potential):
    """A one-species Cu potential must not evaluate Ag atoms as Cu, neither with recorded names nor without."""
    atoms = rattled()
    atoms[1].symbol = "Ag"
    for calc in (MTP(named_cu), MTP(cu_potential)):
        atoms.calc = calc
        with pytest.raises(ValueError):
            atoms.get_potential_energy()
    with pytest.raises(ValueError, match="Ag"):
        openmtp.evaluate(named_cu, atoms)


def test_read_and_write_extxyz_with_a_species_order(tmp_path):
    import ase.io
    head = '4\nLattice="5.6 0 0 0 5.6 0 0 0 5.6" Properties=species:S:1:pos:R:3 energy=-3.0\n'
    (tmp_path / "na.xyz").write_text(head + "Na 0 0 0\nCl 2.8 0 0\nNa 2.8 2.8 0\nCl 0 2.8 0\n")
    (tmp_path / "cl.xyz").write_text(head + "Cl 2.8 0 0\nNa 0 0 0\nCl 0 2.8 0\nNa 2.8 2.8 0\n")
    a = openmtp.read(str(tmp_path / "na.xyz"), format="extxyz", species=["Na", "Cl"])[0]
    b = openmtp.read(str(tmp_path / "cl.xyz"), format="extxyz", species="Na,Cl")[0]
    assert list(a.types) == [0, 1, 0, 1]
    assert list(b.types) == [1, 0, 1, 0]
    with pytest.raises(openmtp.Error, match=r"na\.xyz:4: element 'Cl' is not in the species order \(Na\)"):
        openmtp.read(str(tmp_path / "na.xyz"), format="extxyz", species=["Na"])
    with pytest.raises(openmtp.Error, match="species order"):
        openmtp.read(str(tmp_path / "na.xyz"), format="extxyz")
    # Written with symbols: ASE reads the elements back.
    out = tmp_path / "out.xyz"
    openmtp.write(str(out), [a, b], format="extxyz", species=["Na", "Cl"])
    back = ase.io.read(str(out), index=":", format="extxyz")
    assert back[0].get_chemical_symbols() == ["Na", "Cl", "Na", "Cl"]
    assert back[1].get_chemical_symbols() == ["Cl", "Na", "Cl", "Na"]
    with pytest.raises(openmtp.Error):
        openmtp.write(str(tmp_path / "none.xyz"), a, format="extxyz")
    assert not (tmp_path / "none.xyz").exists()
