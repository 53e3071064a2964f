"""Active learning helpers over openmtp.ActiveSet (the compiled class)."""
import os

from ._core import ActiveSet, Potential


def active_set_from_training(potential, configurations, init_threshold=1e-5, select_threshold=1.1,
                             swap_threshold=1.0000001, **weights):
    """The active set `mlp calc-grade pot.mtp train.cfg ...` builds: A starts as init_threshold * I, every
    training configuration is queued and one batch selection runs (MLIP-2's thresholds as defaults).

    potential: an openmtp.Potential or an .mtp path; configurations: an iterable of Configuration or a
    .cfg path; weights: site_energy, energy, force, stress, weighting (see ActiveSet).
    """
    if isinstance(potential, (str, os.PathLike)):
        potential = Potential.load(os.fspath(potential))
    if isinstance(configurations, (str, os.PathLike)):
        from ._io import iread
        configurations = iread(configurations)
    active = ActiveSet(potential, init_value=init_threshold, **weights)
    for cfg in configurations:
        active.queue(cfg)
    active.select(select_threshold, swap_threshold)
    return active
