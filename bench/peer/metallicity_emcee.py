"""The peer of bench/mcmc-metallicity.ts: the Wang et al. 2020 (ApJ 900, 183) Eq. 2 metallicity posterior sampled
with emcee, written independently of kernel-lib from the same published ingredients:

* parameters (12+log(O/H), A_V, ln f_Hb), flat priors 7.0 <= O/H <= 9.2, 0 <= A_V <= 4, flat in f_Hb (Jacobian + ln f_Hb);
* expected ratios to Hb: Case B Ha/Hb = 2.86, Hg/Hb = 0.47; Maiolino et al. 2008 polynomials for [OIII]5007/Hb and
  [OII]3727/Hb; Curti et al. 2020 S2 x 2.86 for [SII] (O/H clamped to 7.6-8.9), x = O/H - 8.69;
* intrinsic scatter sigma_R = R ln10 sigma(log R); Cardelli, Clayton & Mathis 1989 extinction, R_V = 3.1;
* Gaussian in the observed flux, chi^2 of Eq. 2 plus -1/2 ln(variance) (kernel-lib's default `normalized: true`).

Input (JSON on stdin): {"lines": [{"line", "flux", "error"}], "scatter": {line: dex}, "initial": [[oh, av, lnf], ...],
"n_steps", "burn_in", "seed", "vectorize": bool}. The walkers start where kernel-lib's start, so both samplers see the
same problem. Output (JSON): posterior percentiles, mean acceptance, tau (emcee.autocorr) and the wall time of
run_mcmc + get_autocorr_time (the same work kernel-lib's sampleEnsemble does).
"""
import json
import sys
import time

import numpy as np
import emcee

LN10 = np.log(10.0)
WAVELENGTH = {"OII3727": 3727.0, "Hgamma": 4340.47, "Hbeta": 4861.33, "OIII5007": 5006.84,
              "Halpha": 6562.8, "SII6717_31": 6723.63}
M08_O3HB = [0.1549, -1.5031, -0.9790, -0.0297]
M08_O2HB = [0.5603, 0.0450, -1.8017, -1.8434, -0.6549]
C20_S2 = [-0.442, -0.360, -6.271, -8.339, -3.559]


def ccm89_k(wavelength_angstrom, rv=3.1):
    """k = a(x) R_V + b(x), optical branch of Cardelli et al. 1989 eqs. 3a-b (1.1 <= x < 3.3 per micron)."""
    x = 1e4 / wavelength_angstrom
    y = x - 1.82
    a = np.polyval([0.32999, -0.77530, 0.01979, 0.72085, -0.02427, -0.50447, 0.17699, 1.0], y)
    b = np.polyval([-2.09002, 5.30260, -0.62251, -5.38434, 1.07233, 2.28305, 1.41338, 0.0], y)
    return a * rv + b


def poly(coefficients, x):
    return np.polynomial.polynomial.polyval(x, coefficients)


def ratios(oh):
    """Expected F(line)/F(Hb) at 12+log(O/H) = oh (scalar or array)."""
    x = oh - 8.69
    xs = np.clip(oh, 7.6, 8.9) - 8.69
    return {"Hbeta": np.ones_like(x), "Hgamma": 0.47 * np.ones_like(x), "Halpha": 2.86 * np.ones_like(x),
            "OIII5007": 10 ** poly(M08_O3HB, x), "OII3727": 10 ** poly(M08_O2HB, x),
            "SII6717_31": 2.86 * 10 ** poly(C20_S2, xs)}


def make_log_prob(lines, scatter):
    names = [l["line"] for l in lines]
    flux = np.array([l["flux"] for l in lines])
    var = np.array([l["error"] for l in lines]) ** 2
    att = np.array([0.4 * ccm89_k(WAVELENGTH[n]) / 3.1 for n in names]) * LN10
    sig = np.array([scatter.get(n, 0.0) for n in names]) * LN10

    def log_prob(theta):
        """One walker, the way an emcee likelihood is usually written."""
        oh, av, lnf = theta
        if not (7.0 <= oh <= 9.2 and 0.0 <= av <= 4.0 and -700 < lnf < 700):
            return -np.inf
        r = ratios(oh)
        model = np.array([r[n] for n in names]) * np.exp(lnf) * np.exp(-av * att)
        v = var + (model * sig) ** 2
        return lnf - 0.5 * np.sum((flux - model) ** 2 / v + np.log(v))

    def log_prob_vectorized(thetas):
        """All walkers of a half-ensemble at once (emcee vectorize=True)."""
        oh, av, lnf = thetas[:, 0], thetas[:, 1], thetas[:, 2]
        ok = (oh >= 7.0) & (oh <= 9.2) & (av >= 0.0) & (av <= 4.0) & (lnf > -700) & (lnf < 700)
        r = ratios(oh)
        model = np.stack([r[n] for n in names], axis=1) * np.exp(lnf)[:, None] * np.exp(-av[:, None] * att[None, :])
        v = var[None, :] + (model * sig[None, :]) ** 2
        out = lnf - 0.5 * np.sum((flux[None, :] - model) ** 2 / v + np.log(v), axis=1)
        return np.where(ok, out, -np.inf)

    return log_prob, log_prob_vectorized


def main():
    d = json.load(sys.stdin)
    log_prob, log_prob_vec = make_log_prob(d["lines"], d["scatter"])
    p0 = np.array(d["initial"])
    n_walkers = len(p0)
    np.random.seed(d["seed"])
    vectorize = bool(d.get("vectorize", False))
    sampler = emcee.EnsembleSampler(n_walkers, 3, log_prob_vec if vectorize else log_prob, vectorize=vectorize)
    t0 = time.perf_counter()
    sampler.run_mcmc(p0, d["n_steps"])
    tau = emcee.autocorr.integrated_time(sampler.get_chain(discard=d["burn_in"]), quiet=True)
    seconds = time.perf_counter() - t0
    flat = sampler.get_chain(discard=d["burn_in"], flat=True).copy()
    flat[:, 2] = np.exp(flat[:, 2])
    p16, p50, p84 = np.percentile(flat, [16, 50, 84], axis=0)
    print(json.dumps({"median": p50.tolist(), "p16": p16.tolist(), "p84": p84.tolist(), "sd": flat.std(0).tolist(),
                      "tau": tau.tolist(), "acceptance": float(np.mean(sampler.acceptance_fraction)),
                      "seconds": seconds, "samples": len(flat)}))


if __name__ == "__main__":
    main()
