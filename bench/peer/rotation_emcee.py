"""The peer of bench/rotation.ts: the same arctan rotation-curve posterior sampled with emcee (Foreman-Mackey et al. 2013).

Model (Ju et al., MSA-3D eq. 3, as kernel-lib/src/kinematics/rotation-likelihood.ts): along the major axis
v = v0 + sense sin(i) (2/pi) v_c arctan(x / R_t), Gaussian errors with an extra scatter s in quadrature,
ln L = -1/2 sum[(v - m)^2 / (err^2 + s^2) + ln 2 pi (err^2 + s^2)], uniform priors (the same boxes), i fixed.

The usual way this is run: find the MAP with scipy.optimize (Nelder-Mead), start the walkers in a tight ball around
it, burn in, then sample until the chain holds the requested number of effective samples, N_eff = N_samples / tau
(tau = emcee's integrated autocorrelation time, the largest over the parameters). Every stage is timed.

Reads JSON on stdin: {x, v, err, inclination_deg, sense, priors: {name: [lo, hi]}, ess_target, seed, nwalkers, burn}.
Prints JSON: timings, tau, ESS, and the posterior median and 16/84 percentiles of each parameter.
"""
import json
import sys
import time

import numpy as np
import emcee
from scipy.optimize import minimize

NAMES = ["v0Kms", "vcKms", "rtKpc", "scatterKms"]


def main():
    d = json.load(sys.stdin)
    x = np.asarray(d["x"], float)
    v = np.asarray(d["v"], float)
    err2 = np.asarray(d["err"], float) ** 2
    amp_factor = d["sense"] * np.sin(np.deg2rad(d["inclination_deg"])) * 2.0 / np.pi
    lo = np.array([d["priors"][n][0] for n in NAMES])
    hi = np.array([d["priors"][n][1] for n in NAMES])
    log_two_pi = np.log(2 * np.pi)

    def log_prob(theta):
        if np.any(theta < lo) or np.any(theta > hi):
            return -np.inf
        v0, vc, rt, s = theta
        m = v0 + amp_factor * vc * np.arctan(x / rt)
        var = err2 + s * s
        return -0.5 * np.sum((v - m) ** 2 / var + np.log(var) + log_two_pi)

    rng = np.random.default_rng(d["seed"])
    nwalkers = d["nwalkers"]
    ndim = len(NAMES)
    timings = {}

    t0 = time.perf_counter()
    start = 0.5 * (lo + hi)
    start[0] = np.median(v)
    start[3] = 0.25 * (lo[3] + hi[3])
    opt = minimize(lambda t: -log_prob(t), start, method="Nelder-Mead", options={"maxiter": 5000, "xatol": 1e-6, "fatol": 1e-8})
    p_map = np.clip(opt.x, lo + 1e-6 * (hi - lo), hi - 1e-6 * (hi - lo))
    timings["map"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    p0 = p_map + 1e-3 * (hi - lo) * rng.standard_normal((nwalkers, ndim))
    p0 = np.clip(p0, lo + 1e-9 * (hi - lo), hi - 1e-9 * (hi - lo))
    np.random.seed(d["seed"])  # emcee 3 draws its moves from the global numpy RandomState
    sampler = emcee.EnsembleSampler(nwalkers, ndim, log_prob)
    state = sampler.run_mcmc(p0, d["burn"], progress=False)
    sampler.reset()
    timings["burn"] = time.perf_counter() - t0

    # production: a pilot, then as many more steps as tau says the ESS target needs
    t0 = time.perf_counter()
    pilot = max(200, d.get("pilot", 500))
    state = sampler.run_mcmc(state, pilot, progress=False)
    tau = sampler.get_autocorr_time(tol=0)
    rounds = 0
    while True:
        steps = sampler.iteration
        ess = nwalkers * steps / np.max(tau)
        if ess >= d["ess_target"] or rounds > 20:
            break
        need = int(np.ceil(1.05 * d["ess_target"] * np.max(tau) / nwalkers)) - steps
        state = sampler.run_mcmc(state, max(need, 50), progress=False)
        tau = sampler.get_autocorr_time(tol=0)
        rounds += 1
    timings["production"] = time.perf_counter() - t0

    chain = sampler.get_chain(flat=True)
    q = np.percentile(chain, [16, 50, 84], axis=0)
    out = {
        "names": NAMES,
        "seconds_map": timings["map"],
        "seconds_burn": timings["burn"],
        "seconds_production": timings["production"],
        "seconds_total": timings["map"] + timings["burn"] + timings["production"],
        "steps": int(sampler.iteration),
        "burn": d["burn"],
        "nwalkers": nwalkers,
        "samples": int(chain.shape[0]),
        "tau": [float(t) for t in tau],
        "ess": float(chain.shape[0] / np.max(tau)),
        "acceptance": float(np.mean(sampler.acceptance_fraction)),
        "likelihood_calls": int(nwalkers * (d["burn"] + sampler.iteration)),
        "median": [float(a) for a in q[1]],
        "lo": [float(a) for a in q[0]],
        "hi": [float(a) for a in q[2]],
        "emcee": emcee.__version__,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
