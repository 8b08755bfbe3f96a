#!/usr/bin/python3
"""Writes the tiny FITS fixtures of test/reader.test.ts into test/fixtures/reader/ (one per layout the reader knows).

Run from the repository root:   /usr/bin/python3 scripts/make_reader_fixtures.py
Needs python3-astropy (Debian). Every pixel follows a formula the test recomputes: flux[k, y, x] = 1 + k + 10 y + 100 x,
so a test can fail on any misplaced, mis-scaled or mis-typed value. Layout sources are cited in kernel-lib/src/io/cube.ts.
"""
import gzip
import os

import numpy as np
from astropy.io import fits

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'reader')
NW, NY, NX = 12, 3, 4


def out(name):
    return os.path.join(HERE, name)


def flux_cube(dtype=np.float32):
    k, y, x = np.mgrid[0:NW, 0:NY, 0:NX]
    return (1 + k + 10 * y + 100 * x).astype(dtype)


def celestial(h):
    h['CTYPE1'], h['CTYPE2'] = 'RA---TAN', 'DEC--TAN'
    h['CUNIT1'], h['CUNIT2'] = 'deg', 'deg'
    h['CDELT1'], h['CDELT2'] = -0.5 / 3600, 0.5 / 3600
    h['CRPIX1'], h['CRPIX2'] = 2.0, 2.0
    h['CRVAL1'], h['CRVAL2'] = 150.0, 2.0


def spectral(h, ctype='WAVE', crval=6500.0, cdelt=1.25, cunit='Angstrom'):
    h['CTYPE3'] = ctype
    if cunit is not None:
        h['CUNIT3'] = cunit
    h['CRVAL3'], h['CDELT3'], h['CRPIX3'] = crval, cdelt, 1.0


def add_cards(path, hdu_index, cards):
    """Inserts header cards before END of HDU hdu_index, in the blank space of its last header block."""
    raw = bytearray(open(path, 'rb').read())
    fileinfo = fits.open(path)[hdu_index].fileinfo()
    end = raw.index(b'END' + b' ' * 77, fileinfo['hdrLoc'])
    block_end = fileinfo['datLoc']
    assert end + 80 * (len(cards) + 1) <= block_end, 'no room in the header block'
    text = b''.join(c.ljust(80).encode('ascii') for c in cards) + b'END'.ljust(80)
    raw[end:end + len(text)] = text
    open(path, 'wb').write(bytes(raw))


def write(hdus, name):
    fits.HDUList(hdus).writeto(out(name), overwrite=True, checksum=False)


def kmos():
    # empty primary; IFU.n.DATA / IFU.n.NOISE for n = 1..3; IFUs 1 and 3 hold nothing (NAXIS = 0)
    hdus = [fits.PrimaryHDU()]
    hdus[0].header['INSTRUME'] = 'KMOS'
    for n in (1, 2, 3):
        data = flux_cube() if n == 2 else None
        d = fits.ImageHDU(data, name=f'IFU.{n}.DATA')
        e = fits.ImageHDU(None if data is None else (0.5 * data).astype(np.float32), name=f'IFU.{n}.NOISE')
        if data is not None:
            for h in (d.header, e.header):
                celestial(h)
                spectral(h, ctype='WAVE', crval=2.0, cdelt=0.0002, cunit='um')
        hdus += [d, e]
    write(hdus, 'kmos_one_ifu.fits')
    # a second IFU with data: ambiguous without an option
    extra = fits.ImageHDU((flux_cube() * 2).astype(np.float32), name='IFU.3.DATA', header=hdus[3].header.copy())
    extra.header['EXTNAME'] = 'IFU.3.DATA'
    hdus[5] = extra
    write(hdus, 'kmos_two_ifus.fits')


def gmos():
    # Gemini IRAF gfcube: SCI / VAR / DQ, CTYPE3 = 'LAMBDA' without CUNIT3
    p = fits.PrimaryHDU()
    p.header['INSTRUME'] = 'GMOS-N'
    sci = fits.ImageHDU(flux_cube(), name='SCI')
    celestial(sci.header)
    spectral(sci.header, ctype='LAMBDA', crval=6200.0, cdelt=0.5, cunit=None)
    var = fits.ImageHDU((flux_cube() * 0.25).astype(np.float32), name='VAR', header=sci.header.copy())
    var.header['EXTNAME'] = 'VAR'
    dq = np.zeros((NW, NY, NX), dtype=np.int16)
    dq[3, 1, 2] = 1
    write([p, sci, var, fits.ImageHDU(dq, name='DQ')], 'gmos_lambda.fits')
    # the same in a unit the rule cannot decide (CRVAL3 = 0.62: microns?)
    sci2 = sci.copy()
    sci2.header['CRVAL3'], sci2.header['CDELT3'] = 0.62, 0.00005
    write([fits.PrimaryHDU(), sci2], 'lambda_no_unit_ambiguous.fits')


def kcwi():
    # KCWI Python DRP icubes: primary flux, UNCERT (UTYPE = StdDevUncertainty), MASK, FLAGS
    p = fits.PrimaryHDU(flux_cube())
    p.header['INSTRUME'] = 'KCWI'
    celestial(p.header)
    spectral(p.header, ctype='AWAV', crval=4500.0, cdelt=0.5)
    u = fits.ImageHDU((flux_cube() * 0.1).astype(np.float32), name='UNCERT')
    u.header['UTYPE'] = 'StdDevUncertainty'
    m = np.zeros((NW, NY, NX), dtype=np.uint8)
    m[5, 2, 3] = 1
    f = np.zeros((NW, NY, NX), dtype=np.uint8)
    f[6, 0, 0] = 2  # FLAGS are not used for the mask
    write([p, u, fits.ImageHDU(m, name='MASK'), fits.ImageHDU(f, name='FLAGS')], 'kcwi_icubes.fits')


def manga():
    # MaNGA LOGCUBE: FLUX / IVAR / MASK / WAVE / SPECRES (+ SPECRESD), CTYPE3 = 'WAVE-LOG'
    p = fits.PrimaryHDU()
    p.header['MANGAID'] = '1-000000'
    fl = fits.ImageHDU(flux_cube(), name='FLUX')
    celestial(fl.header)
    crval = 3621.596
    fl.header['CTYPE3'], fl.header['CUNIT3'], fl.header['CRVAL3'], fl.header['CD3_3'], fl.header['CRPIX3'] = 'WAVE-LOG', 'Angstrom', crval, crval * np.log(10) * 1e-4, 1.0
    ivar = (1.0 / (0.2 * flux_cube(np.float64)) ** 2).astype(np.float32)
    mask = np.zeros((NW, NY, NX), dtype=np.int32)
    mask[2, 0, 1] = 1 << 10  # DONOTUSE: masked
    mask[4, 1, 1] = 1 << 1  # LOWCOV only: kept
    wave = crval * 10 ** (1e-4 * np.arange(NW))
    specres = np.linspace(1800.0, 2200.0, NW)
    write([p, fl, fits.ImageHDU(ivar, name='IVAR'), fits.ImageHDU(mask, name='MASK'),
           fits.ImageHDU(wave, name='WAVE'), fits.ImageHDU(specres, name='SPECRES'),
           fits.ImageHDU(specres * 0.01, name='SPECRESD')], 'manga_logcube.fits')
    # DR17-style resolution as a cube instead: LSFPOST, σ of the LSF in Å per spaxel (one spaxel unset: NaN)
    k = np.arange(NW)[:, None, None]
    sigma = (1.0 + 0.1 * k + 0.01 * np.arange(NY * NX).reshape(1, NY, NX)).astype(np.float32)
    sigma[:, 0, 0] = np.nan
    write([p, fl, fits.ImageHDU(wave, name='WAVE'), fits.ImageHDU(sigma, name='LSFPOST')], 'manga_lsfpost.fits')


def sami_binned_gz():
    # SAMI DR3 binned cube: primary flux (AWAV), VARIANCE, BIN_MASK, gzip-compressed
    p = fits.PrimaryHDU(flux_cube(np.float64))
    celestial(p.header)
    spectral(p.header, ctype='AWAV', crval=6300.0, cdelt=0.57)
    p.header['INSTRUME'] = 'AAOMEGA-SAMI'
    v = fits.ImageHDU(flux_cube(np.float64) * 0.04, name='VARIANCE')
    bins = (np.arange(NY * NX).reshape(NY, NX) % 3).astype(np.int32)
    hdul = fits.HDUList([p, v, fits.ImageHDU(bins, name='BIN_MASK')])
    path = out('sami_binned.fits.gz')
    hdul.writeto(path, overwrite=True)  # astropy gzips by the name (the gzip header holds a time: bytes differ per run)
    # the same bytes under a name without .gz: the reader must detect gzip by its magic bytes
    with open(path, 'rb') as f, open(out('sami_binned_gz_no_suffix.fits'), 'wb') as g:
        g.write(f.read())


def spectra():
    n = 40
    k = np.arange(n)
    # 1-D image with a spectral WCS on axis 1 and an ERR extension
    p = fits.PrimaryHDU((5 + k).astype(np.float32))
    p.header['CTYPE1'], p.header['CUNIT1'], p.header['CRVAL1'], p.header['CDELT1'], p.header['CRPIX1'] = 'WAVE', 'nm', 650.0, 0.1, 1.0
    p.header['BUNIT'] = '1e-17 erg s-1 cm-2 Angstrom-1'
    p.header['REDSHIFT'] = 0.05
    write([p, fits.ImageHDU((0.5 + 0 * k).astype(np.float32), name='ERR')], 'spectrum_image.fits')
    # binary table: wavelength (D, Angstrom), flux stored as scaled int16 (TSCAL/TZERO), error (E), a J mask with TNULL,
    # a logical, a byte, a K and a string column with a repeat count
    cols = fits.ColDefs([
        fits.Column(name='WAVELENGTH', format='D', unit='Angstrom', array=6000.0 + 2.0 * k),
        fits.Column(name='FLUX', format='I', array=(2 * (k - 20)).astype(np.int16)),
        fits.Column(name='ERR', format='E', array=(1.0 + 0.01 * k).astype(np.float32)),
        fits.Column(name='MASK', format='J', null=-999, array=np.where(k == 7, 1, 0).astype(np.int32)),
        fits.Column(name='GOOD', format='L', array=k % 2 == 0),
        fits.Column(name='BYTE', format='B', array=(k % 256).astype(np.uint8)),
        fits.Column(name='BIG', format='K', array=(k * 10**12).astype(np.int64)),
        fits.Column(name='PAIR', format='2E', array=np.stack([k, -k], axis=1).astype(np.float32)),
        fits.Column(name='LABEL', format='6A', array=[f'px{i}' for i in k]),
    ])
    # FLUX is given as the stored int16 (astropy would rescale physical values): physical = 100 + 0.5 × stored = 80 + k
    t = fits.BinTableHDU.from_columns(cols, name='SPECTRUM')
    p = fits.PrimaryHDU()
    p.header['AIRORVAC'] = 'air'
    write([p, t], 'spectrum_table.fits')
    # TSCAL2/TZERO2 added to the written header (astropy refuses to write pre-scaled integers itself)
    add_cards(out('spectrum_table.fits'), 1, ['TSCAL2  =                  0.5', 'TZERO2  =                100.0'])


def unknown():
    # a 2-D image and a table without wavelength: neither a cube nor a spectrum
    t = fits.BinTableHDU.from_columns([fits.Column(name='ID', format='J', array=np.arange(3))], name='CATALOG')
    write([fits.PrimaryHDU(np.zeros((5, 6), dtype=np.float32)), t], 'unknown_layout.fits')


if __name__ == '__main__':
    os.makedirs(HERE, exist_ok=True)
    kmos()
    gmos()
    kcwi()
    manga()
    sami_binned_gz()
    spectra()
    unknown()
