"""MLIP's .cfg through ase.io (format "mlip-cfg", openmtp/ase_io.py) and the Atoms <-> Configuration conversions:
every number and feature survives both ways, species are named, bad input is refused without leaving a file."""
import importlib

import numpy as np
import pytest

import openmtp

from conftest import installed_distribution

ase = pytest.importorskip("ase")
import ase.io  # noqa: E402
from ase import Atoms  # noqa: E402


def stress_of(cfg):
    """ASE's stress (Voigt xx yy zz yz xz xy, eV/A^3) from a configuration's virial."""
    s = -np.asarray(cfg.virial) / cfg.volume
    return np.array([s[0, 0], s[1, 1], s[2, 2], s[1, 2], s[0, 2], s[0, 1]])


def two_species_configuration():
    cfg = openmtp.Configuration(positions=[[0, 0, 0], [1.1, 0.2, 0], [0, 1.3, 0.4]], types=[0, 1, 1],
                                cell=np.diag([4.0, 4.5, 5.0]))
    cfg.energy = -7.25
    cfg.forces = [[0.1, 0, 0], [-0.05, 0.2, 0], [-0.05, -0.2, 0.0]]
    cfg.virial = [[1.0, 0.1, 0.2], [0.1, 2.0, 0.3], [0.2, 0.3, 3.0]]
    cfg.features["config_type"] = "dimer plus one"
    cfg.features["MV_grade"] = "2.5"
    return cfg


def test_read_matches_the_library_reader(sample_cfg):
    configurations = openmtp.read(str(sample_cfg))
    images = ase.io.read(str(sample_cfg), index=":", species=["Cu"])
    assert len(images) == len(configurations) == 5
    for atoms, cfg in zip(images, configurations):
        assert set(atoms.get_chemical_symbols()) == {"Cu"}
        np.testing.assert_array_equal(atoms.positions, cfg.positions)
        np.testing.assert_array_equal(atoms.cell[:], cfg.cell)
        assert atoms.pbc.all()
        assert atoms.get_potential_energy() == cfg.energy
        np.testing.assert_array_equal(atoms.get_forces(), cfg.forces)
        np.testing.assert_allclose(atoms.get_stress(), stress_of(cfg), rtol=1e-14, atol=0)
        assert atoms.info["group"] == cfg.features["group"] and len(cfg.features) == 3
        assert {k: atoms.info[k] for k in cfg.features} == dict(cfg.features)
    # ASE's index selection: the default is the last image; slices stream or count from the end
    assert ase.io.read(str(sample_cfg), species=["Cu"]).get_potential_energy() == configurations[-1].energy
    assert [a.get_potential_energy() for a in ase.io.read(str(sample_cfg), index="1:4:2")] == \
        [configurations[1].energy, configurations[3].energy]
    assert [a.get_potential_energy() for a in ase.io.read(str(sample_cfg), index="-2:")] == \
        [c.energy for c in configurations[-2:]]
    assert [len(a) for a in ase.io.iread(str(sample_cfg), index=":")] == [len(c) for c in configurations]


def test_read_then_write_gives_the_same_file(sample_cfg, tmp_path):
    """ASE images written back are the library's own records: energies, forces, stresses and features kept."""
    via_ase = tmp_path / "via_ase.cfg"
    ase.io.write(str(via_ase), ase.io.read(str(sample_cfg), index=":"))
    direct = tmp_path / "direct.cfg"
    openmtp.write(str(direct), openmtp.read(str(sample_cfg)))
    back, original = openmtp.read(str(via_ase)), openmtp.read(str(direct))
    assert len(back) == len(original) == 5
    for b, o in zip(back, original):
        np.testing.assert_array_equal(b.types, o.types)
        np.testing.assert_array_equal(b.positions, o.positions)
        assert b.energy == o.energy
        np.testing.assert_array_equal(b.forces, o.forces)
        # virial -> stress -> virial: -(-W/V)*V, equal to rounding
        np.testing.assert_allclose(b.virial, o.virial, rtol=1e-13, atol=1e-13)
        assert dict(b.features) == dict(o.features)


def test_binary_cfg_reads_the_same(sample_cfg, tmp_path):
    binary = tmp_path / "sample.bin.cfg"
    openmtp.write(str(binary), openmtp.read(str(sample_cfg)), format="bin")
    for b, t in zip(ase.io.read(str(binary), index=":"), ase.io.read(str(sample_cfg), index=":")):
        np.testing.assert_array_equal(b.positions, t.positions)
        np.testing.assert_array_equal(b.get_forces(), t.get_forces())
        assert b.get_potential_energy() == t.get_potential_energy() and b.info == t.info


def test_species_are_named_both_ways(tmp_path):
    path = tmp_path / "two.cfg"
    cfg = two_species_configuration()
    openmtp.write(str(path), cfg)
    atoms = ase.io.read(str(path), species=["Li", "Ge"])
    assert atoms.get_chemical_symbols() == ["Li", "Ge", "Ge"]
    assert atoms.info["config_type"] == "dimer plus one" and atoms.info["MV_grade"] == "2.5"
    # the order decides the types: Ge first makes Ge type 0
    out = tmp_path / "ge_first.cfg"
    ase.io.write(str(out), atoms, species=["Ge", "Li"])
    assert list(openmtp.read(str(out))[0].types) == [1, 0, 0]
    # without names: "X" atoms with the types as tags, written back with the same types
    unnamed = ase.io.read(str(path))
    assert unnamed.get_chemical_symbols() == ["X"] * 3 and list(unnamed.get_tags()) == [0, 1, 1]
    ase.io.write(str(tmp_path / "unnamed.cfg"), unnamed)
    again = openmtp.read(str(tmp_path / "unnamed.cfg"))[0]
    assert list(again.types) == [0, 1, 1] and again.energy == cfg.energy
    np.testing.assert_allclose(again.virial, cfg.virial, rtol=1e-14)


def test_species_from_a_potential(tmp_path, cu_potential_path):
    """A potential gives the order through the element names it records (Potential.species_names); one that
    records none is refused rather than guessed."""
    path = tmp_path / "two.cfg"
    openmtp.write(str(path), two_species_configuration())

    class NamedPotential:  # what a potential with recorded names offers
        species_count = 2
        species_names = ["Na", "Cl"]

    assert ase.io.read(str(path), species=NamedPotential()).get_chemical_symbols() == ["Na", "Cl", "Cl"]
    out = tmp_path / "back.cfg"
    ase.io.write(str(out), ase.io.read(str(path), species=["Cl", "Na"]), species=NamedPotential())
    assert list(openmtp.read(str(out))[0].types) == [1, 0, 0]
    # a real potential recording its names, as an object and as an .mtp path
    named = openmtp.Potential.load(str(cu_potential_path))
    named.species_names = ["Cu"]
    named.save(str(tmp_path / "named.mtp"))
    single = tmp_path / "single.cfg"
    openmtp.write(str(single), openmtp.Configuration(positions=[[0, 0, 0], [1.8, 0, 0]], types=[0, 0],
                                                     cell=np.eye(3) * 6))
    assert ase.io.read(str(single), species=str(tmp_path / "named.mtp")).get_chemical_symbols() == ["Cu", "Cu"]
    ase.io.write(str(tmp_path / "named.cfg"), ase.io.read(str(single), species=named), species=named)
    assert list(openmtp.read(str(tmp_path / "named.cfg"))[0].types) == [0, 0]
    # the mlearn Cu MTP is one of MLIP's own files: no names recorded
    with pytest.raises(ValueError, match="does not record its species names"):
        ase.io.read(str(path), species=str(cu_potential_path))


def test_several_elements_without_species_are_refused(tmp_path):
    images = [Atoms("Cu2", positions=[[0, 0, 0], [1.5, 0, 0]], cell=np.eye(3) * 5, pbc=True),
              Atoms("Ni", positions=[[0, 0, 0]], cell=np.eye(3) * 5, pbc=True)]
    out = tmp_path / "mixed.cfg"
    with pytest.raises(ValueError, match="image 1 holds Ni after Cu"):
        ase.io.write(str(out), images)
    assert not out.exists()
    with pytest.raises(ValueError, match="not one of the potential's species"):
        ase.io.write(str(out), images, species=["Cu"])
    assert not out.exists()
    ase.io.write(str(out), images, species=["Ni", "Cu"])
    assert [list(c.types) for c in openmtp.read(str(out))] == [[1, 1], [0]]


def test_atomeye_cfg_is_still_read_by_ase(tmp_path):
    """ASE's own .cfg (AtomEye) shares the extension: a file that is not MLIP's goes to ASE's reader."""
    atoms = Atoms("Cu2", positions=[[0, 0, 0], [1.2, 0.5, 0.3]], cell=np.eye(3) * 4, pbc=True)
    path = tmp_path / "atomeye.cfg"
    ase.io.write(str(path), atoms, format="cfg")
    back = ase.io.read(str(path))
    assert back.get_chemical_symbols() == ["Cu", "Cu"]
    np.testing.assert_allclose(back.positions, atoms.positions, atol=1e-6)


def test_recognised_by_content_under_another_name(sample_cfg, tmp_path):
    path = tmp_path / "train.data"
    path.write_bytes(sample_cfg.read_bytes())
    assert ase.io.formats.filetype(str(path)) == "mlip-cfg"
    assert len(ase.io.read(str(path), index=":")) == 5


def test_entry_point_for_ase_3_23_and_later():
    """The installed package declares the format in the group ASE >= 3.23 reads; it names a module whose
    read_/write_ functions ASE derives from the entry point's name."""
    distribution = installed_distribution()
    points = [p for p in distribution.entry_points if p.group == "ase.ioformats"]
    assert [p.name for p in points] == ["mlip-cfg"]
    fmt = points[0].load()
    assert fmt.code == "+S" and fmt.glob == "*.cfg" and fmt.module == "openmtp.ase_io"
    module = importlib.import_module(fmt.module)
    name = points[0].name.replace("-", "_")
    assert getattr(module, "read_" + name) is openmtp.ase_io.read_mlip_cfg
    assert getattr(module, "write_" + name) is openmtp.ase_io.write_mlip_cfg
    scripts = [p for p in distribution.entry_points if p.group == "console_scripts"]
    assert [(p.name, p.value) for p in scripts] == [("mlp", "openmtp._mlp_command:main")]


def test_to_ase_and_from_ase_take_lists_and_keep_features():
    cfgs = [two_species_configuration(), two_species_configuration()]
    cfgs[1].energy = -8.0
    cfgs[0].charges = [0.5, -0.25, -0.25]
    cfgs[0].nbh_grades = [1.0, 3.5, 0.2]
    images = openmtp.to_ase(cfgs, species=["Li", "Ge"])
    assert isinstance(images, list) and [a.get_potential_energy() for a in images] == [-7.25, -8.0]
    assert images[0].info["config_type"] == "dimer plus one"
    np.testing.assert_array_equal(images[0].get_initial_charges(), [0.5, -0.25, -0.25])
    np.testing.assert_array_equal(images[0].arrays["nbh_grades"], [1.0, 3.5, 0.2])
    assert len(openmtp.to_ase(iter(cfgs), species=["Li", "Ge"])) == 2
    back = openmtp.from_ase(images, species=["Li", "Ge"])
    assert isinstance(back, list) and len(back) == 2
    assert dict(back[0].features) == dict(cfgs[0].features)
    np.testing.assert_array_equal(back[0].charges, cfgs[0].charges)
    np.testing.assert_array_equal(back[0].nbh_grades, cfgs[0].nbh_grades)
    np.testing.assert_allclose(back[0].virial, cfgs[0].virial, rtol=1e-14)
    # info entries a .cfg cannot hold (arrays, dicts) are not features; numbers become text
    images[1].info.update({"weight": 2.0, "array": np.zeros(3), "nested": {"a": 1}})
    assert dict(openmtp.from_ase(images[1], species=["Li", "Ge"]).features) == {
        "config_type": "dimer plus one", "MV_grade": "2.5", "weight": "2.0"}


def test_openmtp_write_takes_atoms_and_names_bad_items(tmp_path):
    out = tmp_path / "out.cfg"
    atoms = openmtp.to_ase(two_species_configuration(), species=["Li", "Ge"])
    openmtp.write(str(out), [atoms], species=["Li", "Ge"])
    assert list(openmtp.read(str(out))[0].types) == [0, 1, 1]
    other = tmp_path / "bad.cfg"
    with pytest.raises(TypeError, match="item 1 is a str, neither an openmtp.Configuration nor an ase.Atoms"):
        openmtp.write(str(other), [two_species_configuration(), "not a configuration"])
    assert not other.exists()
    with pytest.raises(ValueError, match="give species"):
        openmtp.write(str(other), [atoms])
    assert not other.exists()
