"""openmtp.Potential and openmtp.Evaluator: files, parameters, parameter gradients."""
import numpy as np
import pytest

import openmtp


def test_load_save_round_trip_is_byte_identical(tmp_path, shared):
    src = shared / "reference/mlip2/expected/b_train_LiTi2O4_L16_3sp/pot.mtp"
    pot = openmtp.Potential.load(str(src))
    assert pot.species_count == 3 and pot.trained
    out = tmp_path / "pot.mtp"
    pot.save(str(out))
    assert out.read_bytes() == src.read_bytes()
    assert openmtp.Potential.from_text(pot.to_text()).to_text() == pot.to_text()


def test_parameters_round_trip_and_change_the_energy(cu_potential):
    pot = cu_potential.copy()
    theta = pot.parameters
    assert theta.shape == (pot.parameter_count,)
    assert pot.parameter_count == pot.radial_parameter_count + pot.species_count + len(pot.moment_coeffs)
    np.testing.assert_array_equal(theta[pot.radial_parameter_count:][:1], pot.species_coeffs)
    cfg = openmtp.Configuration(positions=[[0, 0, 0], [1.8, 1.8, 0], [1.8, 0, 1.8], [0, 1.8, 1.8]],
                                cell=np.eye(3) * 3.6)
    e0 = openmtp.Evaluator(pot).compute(cfg)["energy"]
    theta[pot.radial_parameter_count] += 0.5  # the species coefficient shifts every site energy
    pot.parameters = theta
    e1 = openmtp.Evaluator(pot).compute(cfg)["energy"]
    assert e1 - e0 == pytest.approx(0.5 * 4, rel=1e-12)
    with pytest.raises(ValueError):
        pot.parameters = theta[:-1]


def test_energy_parameter_gradient_matches_finite_differences(cu_potential):
    pot = cu_potential.copy()
    rng = np.random.default_rng(0)
    cell = np.eye(3) * 3.62
    base = np.array([[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]]) @ cell
    cfg = openmtp.Configuration(positions=base + rng.normal(scale=0.05, size=base.shape), cell=cell)
    ev = openmtp.Evaluator(pot)
    g = ev.energy_parameter_gradient(cfg)
    sites = ev.site_energy_parameter_gradients(cfg)
    assert sites.shape == (4, pot.parameter_count)
    np.testing.assert_allclose(sites.sum(axis=0), g, rtol=1e-10, atol=1e-12)
    theta = pot.parameters
    for k in [0, 7, pot.radial_parameter_count - 1, pot.radial_parameter_count, pot.parameter_count - 1]:
        h = 1e-6 * max(1.0, abs(theta[k]))
        plus, minus = theta.copy(), theta.copy()
        plus[k] += h
        minus[k] -= h
        pot.parameters = plus
        ep = openmtp.Evaluator(pot).compute(cfg)["energy"]
        pot.parameters = minus
        em = openmtp.Evaluator(pot).compute(cfg)["energy"]
        assert g[k] == pytest.approx((ep - em) / (2 * h), rel=1e-6, abs=1e-8)


def test_compute_into_and_types_checked(cu_potential):
    ev = openmtp.Evaluator(cu_potential)
    cfg = openmtp.Configuration(positions=[[0, 0, 0], [2.5, 0, 0]])
    ev.compute_into(cfg)
    r = ev.compute(cfg)
    assert cfg.energy == r["energy"]
    np.testing.assert_array_equal(cfg.forces, r["forces"])
    assert cfg.forces[0, 0] == -cfg.forces[1, 0]
    cfg.types = [0, 1]
    with pytest.raises(ValueError, match="out of range"):
        ev.compute(cfg)


def test_missing_file_is_an_openmtp_error(tmp_path):
    with pytest.raises(openmtp.Error):
        openmtp.Potential.load(str(tmp_path / "nope.mtp"))


def test_threads_do_not_change_the_numbers(cu_potential):
    cell = np.eye(3) * 7.26
    rng = np.random.default_rng(9)
    base = np.array([[0, 0, 0], [0.25, 0.25, 0], [0.25, 0, 0.25], [0, 0.25, 0.25]])
    shifts = np.array([[i, j, k] for i in range(2) for j in range(2) for k in range(2)]) * 0.5
    frac = (shifts[:, None, :] + base[None]).reshape(-1, 3)
    cfg = openmtp.Configuration(positions=frac @ cell + rng.normal(scale=0.05, size=(32, 3)), cell=cell)
    one = openmtp.Evaluator(cu_potential, threads=1).compute(cfg)
    ev = openmtp.Evaluator(cu_potential, threads=3)
    assert ev.threads == 3
    three = ev.compute(cfg)
    assert one["energy"] == three["energy"]
    np.testing.assert_array_equal(one["forces"], three["forces"])
    np.testing.assert_array_equal(one["virial"], three["virial"])


@pytest.mark.parametrize("level", [2, 6, 16])
def test_untrained_potential_has_mlip2s_template_tables(shared, level):
    template = openmtp.Potential.load(str(shared / "reference/mlip2/untrained_mtps/{:02d}.mtp".format(level)))
    made = openmtp.Potential.untrained(level, species_count=1)
    assert made.radial_funcs_count == template.radial_funcs_count
    assert made.alpha_moments_count == template.alpha_moments_count
    np.testing.assert_array_equal(made.alpha_index_basic, template.alpha_index_basic)
    np.testing.assert_array_equal(made.alpha_index_times, template.alpha_index_times)
    np.testing.assert_array_equal(made.alpha_moment_mapping, template.alpha_moment_mapping)
    np.testing.assert_array_equal(made.parameters, template.parameters)  # MLIP-2's untrained defaults
    three = openmtp.Potential.untrained(level, species_count=3, max_dist=4.5)
    assert three.parameter_count == 9 * three.radial_funcs_count * 8 + 3 + len(three.moment_coeffs)
    assert three.cutoff == 4.5 and not three.trained


def test_evaluate_on_numpy_arrays_and_atoms_agree_with_the_calculator(cu_potential):
    from ase.build import bulk

    from openmtp.ase import MTP

    atoms = bulk("Cu", "fcc", a=3.6, cubic=True).repeat((2, 1, 1))
    atoms.rattle(0.05, seed=2)
    from_arrays = openmtp.evaluate(cu_potential, atoms.positions, cell=atoms.cell[:])
    from_atoms = openmtp.evaluate(openmtp.Evaluator(cu_potential), atoms, species=["Cu"])
    atoms.calc = MTP(cu_potential, species=["Cu"])
    for r in (from_arrays, from_atoms):
        assert r["energy"] == atoms.get_potential_energy()
        np.testing.assert_array_equal(r["forces"], atoms.get_forces())
        np.testing.assert_array_equal(r["stress"], atoms.get_stress())
        np.testing.assert_array_equal(r["site_energies"], atoms.get_potential_energies())
    cluster = openmtp.evaluate(cu_potential, atoms.positions)
    assert "stress" not in cluster and cluster["energy"] > from_arrays["energy"]  # surfaces cost energy
