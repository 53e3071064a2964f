"""openmtp.train's keyword arguments go through `mlp train`'s option table: a misspelled one raises openmtp.Error
naming the nearest option before anything is trained, and the same options give the same potential as
`mlp train` with them on its command line or in a settings file."""
import subprocess

import pytest

import openmtp

OPTIONS = dict(max_iter=4, force_weight=0.02, stress_weight=0.002, seed=7, bfgs_conv_tol=1e-4, skip_preinit=True,
               weighting="structures")


@pytest.fixture(scope="module")
def start(tmp_path_factory, mlp):
    path = tmp_path_factory.mktemp("options") / "start.mtp"
    subprocess.run([str(mlp), "make-template", str(path), "--level=4", "--min-dist=2", "--max-dist=4.5"], check=True)
    return path


def test_a_misspelled_keyword_raises_naming_the_nearest_option_before_training(start, sample_cfg):
    calls = []
    with pytest.raises(openmtp.Error, match=r"unknown keyword argument max_iters; did you mean max_iter\?"):
        openmtp.train(str(start), str(sample_cfg), max_iters=5, progress=lambda *a: calls.append(a))
    assert calls == []  # not one iteration ran
    with pytest.raises(openmtp.Error, match="al_mode cannot be given in the Python"):
        openmtp.train(str(start), str(sample_cfg), al_mode="nbh")
    with pytest.raises(openmtp.Error, match="expects an integer"):
        openmtp.train(str(start), str(sample_cfg), max_iter="many")
    with pytest.raises(openmtp.Error, match="must be one of bfgs, lbfgs"):
        openmtp.train(str(start), str(sample_cfg), optimizer="adam")
    with pytest.raises(openmtp.Error, match="cannot be given in the Python"):
        openmtp.train(str(start), str(sample_cfg), checkpoint="ck.mtp")
    # MLIP-3's spelling is the same option
    assert "max_iter = 3  (Python)" in openmtp._core.check_training_options(iteration_limit=3)


def test_python_the_command_line_and_a_settings_file_train_the_same_potential(start, sample_cfg, mlp, tmp_path):
    ours = openmtp.train(str(start), str(sample_cfg), trained_pot_name=tmp_path / "py.mtp", **OPTIONS)
    cli_options = ["--max-iter=4", "--force-weight=0.02", "--stress-weight=0.002", "--seed=7", "--bfgs-conv-tol=1e-4",
                   "--skip-preinit", "--weighting=structures"]
    subprocess.run([str(mlp), "train", str(start), str(sample_cfg), "--trained-pot-name=" + str(tmp_path / "cli.mtp"),
                    "--log=none"] + cli_options, check=True)
    py_bytes = (tmp_path / "py.mtp").read_bytes()
    assert py_bytes == (tmp_path / "cli.mtp").read_bytes()
    # the settings file saved beside the Python result is one `mlp train --config=` reads, to the same potential
    sidecar = tmp_path / "py.mtp.train.toml"
    assert "max_iter = 4" in sidecar.read_text()
    subprocess.run([str(mlp), "train", str(start), str(sample_cfg), "--config=" + str(sidecar),
                    "--trained-pot-name=" + str(tmp_path / "toml.mtp"), "--log=none"], check=True)
    assert (tmp_path / "toml.mtp").read_bytes() == py_bytes
    # a different value trains a different potential (the comparison can fail)
    other = openmtp.train(str(start), str(sample_cfg), **dict(OPTIONS, seed=8))
    assert list(other.parameters) != list(ours.parameters)


def test_the_option_help_lists_every_option():
    text = openmtp.training_option_help()
    for name in ("--max-iter=1000", "--penalty-weight=1e-9", "--energy-weight=1", "MLIP-3: --iteration_limit"):
        assert name in text
