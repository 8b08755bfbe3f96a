"""The peer of bench/fit-cube.ts: the same per-spaxel model fitted with scipy.optimize.least_squares.

Model per window (Ju et al. §2.2, as kernel-lib/src/spectra/window-model.ts): a straight-line continuum
c0 + c1 (λ − λref) plus one Gaussian per line of integrated flux F_k, all lines sharing one velocity v and one
intrinsic dispersion s² = σ_int²; line k has σ_obs,k² = s² + σ_inst,k² (σ_inst from the G140H curve). The Hα window
is fitted first with free v, s²; the Hβ window then with v, s² fixed (the 'tied' mode). Analytic Jacobian,
method 'lm' (MINPACK), the usual way this is written in Python.

Usage: /usr/bin/python3 bench/peer/fit_cube_scipy.py CUBE.fits Z [MAX_SPAXELS]
Prints JSON: {"window_fits": N, "seconds": S, "fits_per_second": R, "ha_flux_sum": ...}.
"""
import json
import sys
import time

import numpy as np
from astropy.io import fits
from scipy.optimize import least_squares

C_KMS = 299792.458
LINES = {"hb": 4862.683, "oiii4959": 4960.295, "oiii5007": 5008.240,
         "nii6548": 6549.86, "ha": 6564.608, "nii6584": 6585.27, "sii6717": 6718.295, "sii6731": 6732.674}
WINDOWS = [("ha-nii-sii", (6520, 6800), ["nii6548", "ha", "nii6584", "sii6717", "sii6731"]),
           ("hb-oiii", (4820, 5100), ["hb", "oiii4959", "oiii5007"])]


def g140h_sigma_kms(resolution_csv):
    d = np.genfromtxt(resolution_csv, delimiter=",", names=True, skip_header=1)
    return lambda lam_a: C_KMS / (2.0 * np.sqrt(2.0 * np.log(2.0)) * np.interp(lam_a / 1e4, d["wavelength_um"], d["R"]))


def window_model(lam, lref, centres, sig_inst, v_s2_free):
    """Returns residual and jacobian functions for parameters [v, s2]? + [c0, c1] + fluxes."""
    n_lines = len(centres)

    def parts(p, v, s2):
        c0, c1 = p[0], p[1]
        fluxes = p[2:2 + n_lines]
        model = c0 + c1 * (lam - lref)
        cols = []
        dv = np.zeros_like(lam)
        ds2 = np.zeros_like(lam)
        for k in range(n_lines):
            mu = centres[k] * (1 + v / C_KMS)
            sig_kms = np.sqrt(max(s2 + sig_inst[k] ** 2, 1e-6))
            sig = mu * sig_kms / C_KMS
            u = (lam - mu) / sig
            g = np.exp(-0.5 * u * u) / (np.sqrt(2 * np.pi) * sig)
            model = model + fluxes[k] * g
            cols.append(g)
            # d/dμ and d/dσ of F g, chained to v and s2
            dg_dmu = fluxes[k] * g * u / sig
            dg_dsig = fluxes[k] * g * (u * u - 1) / sig
            dmu_dv = centres[k] / C_KMS
            dsig_dv = dmu_dv * sig_kms / C_KMS
            dsig_ds2 = mu / C_KMS * 0.5 / sig_kms
            dv += dg_dmu * dmu_dv + dg_dsig * dsig_dv
            ds2 += dg_dsig * dsig_ds2
        return model, cols, dv, ds2

    return parts


def fit_window(lam, flux, err, lref, centres, sig_inst, kin=None):
    good = np.isfinite(flux) & np.isfinite(err) & (err > 0)
    lam, flux, err = lam[good], flux[good], err[good]
    n_lines = len(centres)
    if lam.size < n_lines + 5:
        return None
    parts = window_model(lam, lref, centres, sig_inst, kin is None)
    cont = np.median(flux)
    f0 = [max(np.max(flux) - cont, 0) * 2.5 * lref * 100 / C_KMS] * n_lines
    if kin is None:
        p0 = np.array([0.0, 50.0 ** 2, cont, 0.0] + f0)

        def res(p):
            model, _, _, _ = parts(p[2:], p[0], p[1])
            return (flux - model) / err

        def jac(p):
            _, cols, dv, ds2 = parts(p[2:], p[0], p[1])
            J = np.column_stack([dv, ds2, np.ones_like(lam), lam - lref] + cols)
            return -J / err[:, None]
    else:
        v, s2 = kin
        p0 = np.array([cont, 0.0] + f0)

        def res(p):
            model, _, _, _ = parts(p, v, s2)
            return (flux - model) / err

        def jac(p):
            _, cols, _, _ = parts(p, v, s2)
            J = np.column_stack([np.ones_like(lam), lam - lref] + cols)
            return -J / err[:, None]
    return least_squares(res, p0, jac=jac, method="lm")


def main():
    path, z = sys.argv[1], float(sys.argv[2])
    max_spaxels = int(sys.argv[3]) if len(sys.argv) > 3 else None
    with fits.open(path) as h:
        flux = h[0].data.astype(float)
        err = h[2].data.astype(float)
        hdr = h[0].header
    nw = flux.shape[0]
    lam = (hdr["CRVAL3"] + (np.arange(nw) + 1 - hdr["CRPIX3"]) * hdr["CDELT3"]) * 1e10  # metres → Å
    pix_sr = np.deg2rad(abs(hdr["CDELT1"])) ** 2
    factor = 1e-17 * pix_sr * 2.99792458e18 / lam ** 2 * 1e20  # MJy/sr → 1e-20 erg/s/cm²/Å per spaxel
    flux = flux * factor[:, None, None]
    err = err * factor[:, None, None]
    sigma_inst = g140h_sigma_kms(sys.argv[4] if len(sys.argv) > 4 else "data/nirspec/g140h_resolution.csv")
    ny, nx = flux.shape[1:]
    spaxels = [(y, x) for y in range(ny) for x in range(nx)][:max_spaxels]
    fits_done = 0
    ha_sum = 0.0
    t0 = time.perf_counter()
    for (y, x) in spaxels:
        kin = None
        for name, (lo, hi), names in WINDOWS:
            sel = (lam >= lo * (1 + z)) & (lam <= hi * (1 + z))
            if sel.sum() == 0:
                continue
            centres = np.array([LINES[n] * (1 + z) for n in names])
            r = fit_window(lam[sel], flux[sel, y, x], err[sel, y, x], np.mean(lam[sel]), centres, sigma_inst(centres), kin)
            if r is None:
                continue
            fits_done += 1
            if kin is None:
                kin = (r.x[0], r.x[1])
                ha_sum += r.x[4 + names.index("ha")]
    seconds = time.perf_counter() - t0
    print(json.dumps({"window_fits": fits_done, "seconds": seconds, "fits_per_second": fits_done / seconds, "ha_flux_sum": ha_sum}))


if __name__ == "__main__":
    main()
