"""Training from Python: the procedure of `mlp train`, with its options as keyword arguments."""
import os

from ._core import Potential


def train(potential, configurations, *, valid_cfgs=None, trained_pot_name=None, curr_pot_name=None, progress=None,
          log=None, **options):
    """Fits `potential` (Potential or .mtp path; untrained templates included) to the energies, forces and
    stresses of `configurations` (iterable of Configuration or a .cfg path) and returns the trained Potential.

    Options: `mlp train`'s, read through the same table (`mlp help train` or openmtp.training_option_help()
    lists them), with underscores or MLIP-3's spellings: energy_weight=1, force_weight=0.01, stress_weight=0.001,
    penalty_weight=1e-9, scale_by_force=0, weighting="vibrations" (molecules, structures), max_iter=1000,
    bfgs_conv_tol=1e-3, init_params="random" (or "same"), seed=0 (random initialisation is reproducible),
    skip_preinit=False, skip_final_refit=False, update_mindist=False, threads=0 (all cores; the result does not
    depend on it), optimizer="bfgs" (or "lbfgs"), ... An unknown or
    misspelled option raises openmtp.Error naming the nearest one, before anything is read or trained.
    trained_pot_name: also save the result there, and its options beside it as <name>.train.toml (a settings
    file for `mlp train --config=`); curr_pot_name: save the current potential after every iteration (as
    MLIP-2's --curr-pot-name). With log, the TRAIN ERRORS report (and VALIDATION ERRORS on
    valid_cfgs, a .cfg path or configurations) follows the training log, as `mlp train` prints them.
    progress(stage, iteration, f): called after every accepted iteration; returning True stops training
    early (the best potential so far is returned). log: True to print MLIP-2's log lines, or a callable
    taking each line. Ctrl-C (KeyboardInterrupt) stops training after the current iteration and is raised.
    """
    from ._core import check_training_options, training_settings_text, train as _train_core

    check_training_options(**options)
    if isinstance(potential, (str, os.PathLike)):
        potential = Potential.load(os.fspath(potential))
    if isinstance(configurations, (str, os.PathLike)):
        from ._io import read
        configurations = read(os.fspath(configurations))
    else:
        configurations = list(configurations)
    if log is True:
        log = print
    each_iteration = None
    if curr_pot_name:
        path = os.fspath(curr_pot_name)

        def each_iteration(current, iteration):
            current.save(path)
    trained, _stopped_early = _train_core(potential, configurations, progress=progress, log=log or None,
                                         each_iteration=each_iteration, **options)
    if trained_pot_name:
        path = os.fspath(trained_pot_name)
        trained.save(path)
        settings = training_settings_text(path, "The options of openmtp.train that wrote {}.".format(path), **options)
        temporary = path + ".train.toml.tmp.{}".format(os.getpid())
        with open(temporary, "w") as f:
            f.write(settings)
        os.replace(temporary, path + ".train.toml")
    if log:
        from ._errors import error_report, format_error_report
        reports = [("TRAIN ERRORS", configurations)]
        if valid_cfgs is not None:
            reports.append(("VALIDATION ERRORS", valid_cfgs))
        for title, cfgs in reports:
            log("")
            log("\t\t* * * {} * * *".format(title))
            log("")
            for line in format_error_report(error_report(trained, cfgs)).splitlines():
                log(line)
    return trained
