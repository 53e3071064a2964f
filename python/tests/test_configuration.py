"""openmtp.Configuration: numpy views, validation, periodicity, features, neighbour list, ASE conversion."""
import itertools

import numpy as np
import pytest

import openmtp


def fcc(a=3.6, reps=2):
    base = np.array([[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]])
    cells = np.array(list(itertools.product(range(reps), repeat=3)))
    frac = (cells[:, None, :] + base[None, :, :]).reshape(-1, 3) / reps
    cell = np.eye(3) * a * reps
    return openmtp.Configuration(positions=frac @ cell, cell=cell)


def test_construction_and_defaults():
    c = fcc()
    assert len(c) == 32 and c.size == 32
    assert c.periodic_dims == 3 and c.pbc == (True, True, True)
    assert c.volume == pytest.approx(7.2 ** 3, rel=1e-14)
    np.testing.assert_array_equal(c.types, np.zeros(32))
    assert c.energy is None and c.forces is None and c.virial is None and c.site_energies is None
    c.validate()


def test_arrays_are_views_of_the_configuration():
    c = fcc()
    p = c.positions
    p[3] = [1.0, 2.0, 3.0]
    np.testing.assert_array_equal(c.positions[3], [1.0, 2.0, 3.0])
    assert np.shares_memory(c.positions, p)
    t = c.types
    t[5] = 2
    assert c.types[5] == 2
    cell = c.cell
    cell[0, 1] = 0.25
    assert c.cell[0, 1] == 0.25
    c.forces = np.ones((32, 3))
    f = c.forces
    f[0, 0] = -7.0
    assert c.forces[0, 0] == -7.0
    # a copy is independent
    d = c.copy()
    d.positions[0] = 99.0
    assert c.positions[0, 0] != 99.0


def test_resize_by_assigning_positions_keeps_arrays_consistent():
    c = fcc()
    c.forces = np.zeros((32, 3))
    c.positions = np.zeros((4, 3)) + np.arange(4)[:, None]
    assert len(c) == 4 and c.forces.shape == (4, 3) and c.types.shape == (4,)
    with pytest.raises(ValueError):
        c.forces = np.zeros((5, 3))
    with pytest.raises(ValueError):
        c.types = [0, 1]
    with pytest.raises(ValueError):
        c.positions = np.zeros((4, 2))


def test_optional_values_absent_and_removed():
    c = fcc()
    c.energy = -3.5
    c.virial = np.arange(9.0).reshape(3, 3)
    c.site_energies = np.full(32, -0.1)
    assert c.energy == -3.5
    np.testing.assert_array_equal(c.virial, np.arange(9.0).reshape(3, 3))
    c.clear_efs()
    assert c.energy is None and c.virial is None and c.site_energies is None
    c.charges = np.ones(32)
    c.charges = None
    assert c.charges is None


def test_validate_rejects_non_finite_positions():
    c = fcc()
    c.positions[0, 0] = np.nan
    with pytest.raises(openmtp.Error):
        c.validate()


def test_pbc_maps_to_periodic_dims():
    c = fcc()
    for pbc, dims in [((True, True, False), 2), ((True, False, False), 1), (False, 0), (True, 3)]:
        c.pbc = pbc
        assert c.periodic_dims == dims
    with pytest.raises(ValueError):
        c.pbc = (True, False, True)
    assert c.periodic_dims == 3  # unchanged by the rejected value
    c.pbc = (True, True, False)
    assert c.volume is None


def test_features_are_a_live_mapping():
    c = fcc()
    c.features["EFS_by"] = "VASP"
    c.features["ID"] = "7"
    assert dict(c.features) == {"EFS_by": "VASP", "ID": "7"}
    assert list(c.features.keys()) == ["EFS_by", "ID"]  # sorted, as MLIP-2 writes them
    del c.features["ID"]
    assert "ID" not in c.features
    c.features = {"a": "b"}
    assert dict(c.features) == {"a": "b"}


def test_min_distance_of_fcc_is_nearest_neighbour_distance():
    c = fcc(a=3.6)
    assert c.min_distance() == pytest.approx(3.6 / np.sqrt(2), rel=1e-12)


def brute_force_pairs(cfg, cutoff):
    """Every (i, j, r_ij) with |r_ij| < cutoff, by enumerating lattice shifts."""
    pos = np.array(cfg.positions)
    cell = np.array(cfg.cell)
    reach = [int(np.ceil(cutoff / (np.linalg.det(cell) / np.linalg.norm(np.cross(cell[(k + 1) % 3], cell[(k + 2) % 3])))))
             for k in range(3)]
    pairs = []
    for shift in itertools.product(*[range(-r, r + 1) for r in reach]):
        t = np.array(shift) @ cell
        d = pos[None, :, :] + t - pos[:, None, :]
        dist = np.linalg.norm(d, axis=2)
        for i, j in zip(*np.nonzero((dist < cutoff) & (dist > 0))):
            pairs.append((i, j, tuple(np.round(d[i, j], 9))))
    return sorted(pairs)


def test_neighbor_list_matches_brute_force_in_a_triclinic_cell():
    rng = np.random.default_rng(1)
    cell = np.array([[4.0, 0.0, 0.0], [1.3, 3.7, 0.0], [0.4, -0.9, 4.2]])
    frac = rng.random((7, 3))
    c = openmtp.Configuration(positions=frac @ cell, cell=cell)
    nl = openmtp.neighbor_list(c, 5.0)
    got = []
    for i in range(len(c)):
        for k in range(nl["offsets"][i], nl["offsets"][i + 1]):
            got.append((i, nl["neighbors"][k], tuple(np.round(nl["displacements"][k], 9))))
    assert sorted(got) == brute_force_pairs(c, 5.0)
    assert len(got) > 100


def test_ase_round_trip():
    ase = pytest.importorskip("ase")
    from ase.build import bulk
    from ase.calculators.singlepoint import SinglePointCalculator

    atoms = bulk("NaCl", "rocksalt", a=5.6, cubic=True)
    atoms.rattle(0.05, seed=3)
    stress = np.array([0.01, 0.02, 0.03, 0.004, 0.005, 0.006])
    forces = np.arange(24.0).reshape(8, 3)
    atoms.calc = SinglePointCalculator(atoms, energy=-12.5, forces=forces, stress=stress)
    cfg = openmtp.from_ase(atoms, species=["Na", "Cl"])
    np.testing.assert_array_equal(cfg.types, [0 if s == "Na" else 1 for s in atoms.get_chemical_symbols()])
    np.testing.assert_array_equal(cfg.positions, atoms.positions)
    np.testing.assert_array_equal(cfg.cell, atoms.cell[:])
    assert cfg.energy == -12.5
    # the virial is -stress * volume, PlusStress's sign
    assert cfg.virial[0, 0] == pytest.approx(-0.01 * atoms.get_volume(), rel=1e-14)
    assert cfg.virial[1, 2] == pytest.approx(-0.004 * atoms.get_volume(), rel=1e-14)
    back = openmtp.to_ase(cfg, species=["Na", "Cl"])
    assert back.get_chemical_symbols() == atoms.get_chemical_symbols()
    np.testing.assert_allclose(back.get_stress(), stress, rtol=1e-13, atol=1e-16)
    np.testing.assert_array_equal(back.get_forces(), forces)
    assert back.get_potential_energy() == -12.5
    with pytest.raises(ValueError):
        openmtp.from_ase(atoms, species=["Na"])  # Cl has no type
    atoms.pbc = (True, True, False)
    slab = openmtp.from_ase(atoms, species={"Na": 0, "Cl": 1})
    assert slab.periodic_dims == 2 and np.all(slab.cell[2] == 0) and slab.virial is None


def test_cfg_text_and_pickle_round_trips_are_exact():
    import pickle

    c = fcc()
    rng = np.random.default_rng(2)
    c.positions += rng.normal(scale=0.1, size=(32, 3))
    c.types = rng.integers(0, 3, size=32)
    c.energy = -123.456789012345678
    c.forces = rng.normal(size=(32, 3))
    v = np.arange(9.0).reshape(3, 3) / 7
    c.virial = v + v.T  # .cfg files hold the six components of a symmetric virial
    c.features["EFS_by"] = "VASP"
    for back in [openmtp.parse_cfg_text(openmtp.format_cfg_text(c, lossless=True))[0], pickle.loads(pickle.dumps(c))]:
        np.testing.assert_array_equal(back.positions, c.positions)
        np.testing.assert_array_equal(back.types, c.types)
        np.testing.assert_array_equal(back.forces, c.forces)
        np.testing.assert_array_equal(back.virial, c.virial)
        np.testing.assert_array_equal(back.cell, c.cell)
        assert back.energy == c.energy and dict(back.features) == {"EFS_by": "VASP"}
    fixed = openmtp.format_cfg_text(c)  # MLIP-2's layout: positions to 6 decimals
    again = openmtp.parse_cfg_text(fixed)[0]
    np.testing.assert_allclose(again.positions, c.positions, atol=5e-7, rtol=0)
    assert fixed.startswith("BEGIN_CFG\n Size\n    32\n Supercell\n         7.200000      0.000000      0.000000\n")


def test_files_round_trip_and_errors_name_the_file(tmp_path):
    cfgs = [fcc(a=3.6 + 0.01 * k) for k in range(3)]
    for k, c in enumerate(cfgs):
        c.energy = -k * 1.5
    path = tmp_path / "x.cfg"
    openmtp.write(path, cfgs)
    back = openmtp.read(path)
    assert [b.energy for b in back] == [0.0, -1.5, -3.0]
    openmtp.write(path, cfgs[0], append=True)
    assert len(openmtp.read(path)) == 4
    openmtp.write(tmp_path / "x.bin", cfgs, format="bin")
    assert [len(c) for c in openmtp.iread(tmp_path / "x.bin")] == [32, 32, 32]
    # a writer left by an exception publishes nothing
    with pytest.raises(ZeroDivisionError):
        with openmtp.Writer(str(tmp_path / "never.cfg")) as w:
            w.write(cfgs[0])
            1 / 0
    assert not (tmp_path / "never.cfg").exists()
    bad = tmp_path / "bad.cfg"
    bad.write_text("BEGIN_CFG\n Size\n 2\n AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 0 0\n")
    with pytest.raises(openmtp.Error) as err:
        openmtp.read(bad)
    assert err.value.file.endswith("bad.cfg") and err.value.line > 0


def test_views_survive_assignment_of_the_same_length():
    c = fcc()
    c.forces = np.zeros((32, 3))
    p, f, t = c.positions, c.forces, c.types
    c.positions = np.ones((32, 3))
    c.forces = np.full((32, 3), 2.0)
    c.types = np.arange(32) % 2
    assert p[7, 1] == 1.0 and f[3, 2] == 2.0 and t[5] == 1  # the old views see the new values
    assert np.shares_memory(p, c.positions) and np.shares_memory(f, c.forces)


def test_mlip3_magnetic_and_ghost_columns_round_trip(shared, tmp_path):
    (cfg,) = openmtp.read(str(shared / "reference/mlip3/mlip3-extract/test/self-test/fe_magmom.cfg"))
    assert cfg.magnetic_moments.shape == (16, 3)
    assert cfg.magnetic_moments[0, 0] == pytest.approx(1.542922)
    assert cfg.ghost is None
    cfg.ghost = [i >= 12 for i in range(16)]
    np.testing.assert_array_equal(cfg.ghost, [False] * 12 + [True] * 4)
    out = tmp_path / "back.cfg"
    openmtp.write(str(out), [cfg])
    (back,) = openmtp.read(str(out))
    np.testing.assert_array_equal(back.magnetic_moments, cfg.magnetic_moments)
    np.testing.assert_array_equal(back.ghost, cfg.ghost)
    with pytest.raises(ValueError):
        cfg.ghost = [True, False]
    cfg.magnetic_moments = None
    assert cfg.magnetic_moments is None


def test_views_taken_before_the_atom_count_grew_are_read_only_snapshots():
    # Growing reallocates the C++ arrays: a view taken before must not write into freed memory (it segfaulted).
    c = fcc()
    c.forces = np.zeros((32, 3))
    p, f, t = c.positions, c.forces, c.types
    old = p.copy()
    c.positions = np.zeros((5000, 3))
    with pytest.raises(ValueError):
        p[0, 0] = 1.0
    with pytest.raises(ValueError):
        f[1] = 2.0
    with pytest.raises(ValueError):
        t[2] = 1
    np.testing.assert_array_equal(p, old)  # still readable: the values before the change
    c.resize(10)
    q = c.positions
    q[9] = [1.0, 2.0, 3.0]  # views taken after the change are live
    np.testing.assert_array_equal(c.positions[9], [1.0, 2.0, 3.0])
    c.resize(20000)
    with pytest.raises(ValueError):
        q[0, 0] = 5.0
    assert len(c) == 20000 and c.positions.flags.writeable


def test_undecodable_bytes_raise_openmtp_error_with_file_and_line(tmp_path):
    bad = tmp_path / "latin1.cfg"
    bad.write_bytes(b"BEGIN_CFG\n Size\n 1\n AtomData: id type cartes_x cartes_y cartes_z\n 1 0 0 0 0\n"
                    b" caf\xe9 1\nEND_CFG\n")
    with pytest.raises(openmtp.Error) as err:
        openmtp.read(bad)
    assert err.value.file.endswith("latin1.cfg") and err.value.line == 6
    assert "caf\\xe9" in str(err.value)
