// Loading of the real data in data/ for tests: the SAMI DR3 sector cubes (gunzipped to a temp file, then readCube —
// the lead swaps in the streaming reader at merge), their published LZIFU maps, and the SDSS spec file's COADD and
// SPZLINE tables (a minimal binary-table reader here until io/ has readSpectrum). One file so the swap is one file.
import { mkdtempSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readCube, type Cube } from '../../kernel-lib/src/io/cube';
import { closeFits, findHdu, openFits, readFitsImage } from '../../kernel-lib/src/io/fits-file';

export const DATA_DIR = path.join(__dirname, '..', '..', 'data');
export const SAMI_SECTOR_GALAXIES = ['209807', '572402'] as const;
/** SAMI's LSF FWHM per arm, Å (Croom et al. 2021, SAMI DR3 §2: blue 580V 2.65 Å, red 1000R 1.61 Å). */
export const SAMI_LSF_FWHM_ANGSTROM = { blue: 2.65, red: 1.61 } as const;

/** A SAMI sector cube with its BIN_MASK (sector id per spaxel, 0 = none) and Z_SPEC. */
export interface SamiSectorCube {
  cube: Cube;
  binMask: Float64Array;
  redshift: number;
}

export function loadSamiSectorCube(id: string, arm: 'blue' | 'red'): SamiSectorCube {
  const gz = path.join(DATA_DIR, 'sami-dr3-sectors', id, `${id}_A_sectors_${arm}.fits.gz`);
  const dir = mkdtempSync(path.join(tmpdir(), 'msa3d-sami-'));
  const file = path.join(dir, `${id}_${arm}.fits`);
  try {
    writeFileSync(file, gunzipSync(readFileSync(gz)));
    const cube = readCube(file);
    const binMask = Float64Array.from(readFitsImage(file, 'BIN_MASK').data as ArrayLike<number>);
    const redshift = Number(cube.header.Z_SPEC);
    return { cube, binMask, redshift };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A published LZIFU map (plane 0: the total flux) and its 1σ error (extension 1), 10⁻¹⁶ erg/s/cm², per spaxel. */
export function loadSamiPublishedMap(id: string, line: string): { flux: Float64Array; fluxErr: Float64Array } {
  const file = path.join(DATA_DIR, 'sami-dr3-sectors', id, `${id}_A_${line}_sectors_1-comp.fits`);
  const flux = readFitsImage(file, 0);
  const err = readFitsImage(file, 1);
  const nPlane = flux.naxis[0] * flux.naxis[1];
  return { flux: Float64Array.from((flux.data as ArrayLike<number>) as Float32Array).slice(0, nPlane), fluxErr: Float64Array.from(err.data as ArrayLike<number>).slice(0, nPlane) };
}

type Column = Float64Array | string[];

/** The columns of a FITS binary table (TFORM rA, E, D, J, I, K, B, L; repeat counts > 1 of numbers give the first element). */
export function readBinaryTable(file: string, extname: string): Record<string, Column> {
  const fits = openFits(file);
  try {
    const hdu = findHdu(fits, extname);
    const rowBytes = Number(hdu.header.NAXIS1);
    const nRows = Number(hdu.header.NAXIS2);
    const nCols = Number(hdu.header.TFIELDS);
    const buf = Buffer.alloc(rowBytes * nRows);
    readSync(fits.fd, buf, 0, buf.length, hdu.dataOffsetBytes);
    const out: Record<string, Column> = {};
    let offset = 0;
    for (let c = 1; c <= nCols; c++) {
      const name = String(hdu.header[`TTYPE${c}`]).trim();
      const m = /^(\d*)([A-Z])/.exec(String(hdu.header[`TFORM${c}`]).trim());
      if (!m) throw new Error(`readBinaryTable: TFORM${c} unreadable`);
      const repeat = m[1] === '' ? 1 : Number(m[1]);
      const type = m[2];
      const size = { A: 1, L: 1, B: 1, I: 2, J: 4, K: 8, E: 4, D: 8 }[type as 'A'];
      if (size === undefined) throw new Error(`readBinaryTable: TFORM ${type} not supported`);
      if (type === 'A') {
        out[name] = Array.from({ length: nRows }, (_, r) => buf.toString('latin1', r * rowBytes + offset, r * rowBytes + offset + repeat).replace(/[\0 ]+$/, ''));
      } else if (repeat > 0) {
        const col = new Float64Array(nRows);
        for (let r = 0; r < nRows; r++) {
          const at = r * rowBytes + offset;
          col[r] = type === 'E' ? buf.readFloatBE(at) : type === 'D' ? buf.readDoubleBE(at) : type === 'J' ? buf.readInt32BE(at) : type === 'I' ? buf.readInt16BE(at) : type === 'K' ? Number(buf.readBigInt64BE(at)) : buf.readUInt8(at);
        }
        out[name] = col;
      }
      offset += repeat * size;
    }
    return out;
  } finally {
    closeFits(fits);
  }
}

export const SDSS_SPEC_FILE = path.join(DATA_DIR, 'sdss', 'spec-0352-51694-0030.fits');

/** The SDSS spectrum: vacuum wavelength (Å), flux and 1σ error (10⁻¹⁷ erg/s/cm²/Å; ivar 0 → NaN), σ_inst per pixel (km/s from WDISP), z. */
export function loadSdssSpectrum(): { wavelengthAngstrom: Float64Array; flux: Float64Array; error: Float64Array; sigmaInstKms: Float64Array; redshift: number } {
  const coadd = readBinaryTable(SDSS_SPEC_FILE, 'COADD');
  const specobj = readBinaryTable(SDSS_SPEC_FILE, 'SPECOBJ');
  const loglam = coadd.loglam as Float64Array;
  const ivar = coadd.ivar as Float64Array;
  const wdisp = coadd.wdisp as Float64Array;
  // WDISP: the LSF σ in pixels of Δlog10 λ = 1e-4 (SDSS spec data model), so σ_v = WDISP · 1e-4 · ln 10 · c
  const c = 299792.458;
  return {
    wavelengthAngstrom: loglam.map((l) => 10 ** l),
    flux: Float64Array.from(coadd.flux as Float64Array),
    error: ivar.map((v) => (v > 0 ? 1 / Math.sqrt(v) : NaN)),
    sigmaInstKms: wdisp.map((w) => w * 1e-4 * Math.LN10 * c),
    redshift: (specobj.Z as Float64Array)[0],
  };
}

/** SPZLINE rows: name → { flux, fluxErr } (10⁻¹⁷ erg/s/cm²). */
export function loadSdssSpzline(): Record<string, { flux: number; fluxErr: number; restWavelengthAngstrom: number }> {
  const t = readBinaryTable(SDSS_SPEC_FILE, 'SPZLINE');
  const names = t.LINENAME as string[];
  const out: Record<string, { flux: number; fluxErr: number; restWavelengthAngstrom: number }> = {};
  names.forEach((name, i) => {
    out[name.trim()] = { flux: (t.LINEAREA as Float64Array)[i], fluxErr: (t.LINEAREA_ERR as Float64Array)[i], restWavelengthAngstrom: (t.LINEWAVE as Float64Array)[i] };
  });
  return out;
}
