// Writes a SIMULATED MUSE-like cube (ESO MUSE layout: empty primary, DATA flux and STAT variance as float32, an AWAV
// spectral WCS in Angstrom and a TAN celestial WCS of 0.2" spaxels) for benchmarks and memory tests. It is streamed to
// disk one wavelength plane at a time, so a 2.65 GB cube (300 × 300 × 3681, the issue 13 size) needs ~1 MB of memory.
// Never committed: made on demand in a temp dir. Usage:
//   node --import tsx scripts/make-muse-cube.ts OUT.fits [--nx 300] [--ny 300] [--nwave 3681] [--seed 1] [--gzip]
//
// The galaxy: an exponential disc (scale length nx/8 spaxels) centred on the field, a tanh rotation curve (150 km/s,
// turnover 4 spaxels, along x), intrinsic σ 60 km/s, line width LSF_FWHM_ANGSTROM added in quadrature, a flat
// continuum (1 % of the Hα flux per Å); Hβ, [O III] 4959/5007, [N II] 6548/6583, Hα, [S II] 6716/6731 at z = MUSE_REDSHIFT; Gaussian noise of
// σ = 1 (STAT = 1); column x = 0 is NaN in DATA and STAT (MUSE cubes have NaN edges). Seeded (stats/random.ts).
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { seededRandom } from '../kernel-lib/src/stats/random';

/** Systemic redshift of the simulated galaxy. */
export const MUSE_REDSHIFT = 0.03;
/** Instrumental FWHM used to broaden the lines (MUSE's is ≈ 2.5 Å near Hα; Bacon et al. 2017, A&A 608, A1, §3.2). */
export const LSF_FWHM_ANGSTROM = 2.5;
/** MUSE WFM nominal range start and step (Å): 4750 + 1.25 k (the MUSE pipeline's standard cube sampling). */
const CRVAL3 = 4750;
const CDELT3 = 1.25;
const C_KMS = 299792.458;

/** Air wavelengths (Å) and flux relative to Hα of the simulated lines (Osterbrock & Ferland 2006, Table 4.2 air values). */
const LINES: Array<{ air: number; ratio: number }> = [
  { air: 4861.33, ratio: 1 / 2.86 }, // Hβ (case B)
  { air: 4958.91, ratio: 0.5 / 2.86 / 2.98 },
  { air: 5006.84, ratio: 0.5 / 2.86 },
  { air: 6548.05, ratio: 0.35 / 3.05 },
  { air: 6562.8, ratio: 1 },
  { air: 6583.45, ratio: 0.35 },
  { air: 6716.44, ratio: 0.15 },
  { air: 6730.82, ratio: 0.11 },
];

export interface MuseCubeOptions {
  nx?: number;
  ny?: number;
  nWave?: number;
  seed?: number;
  /** gzip-compress the file (a .fits.gz); written through zlib in pieces. */
  gzip?: boolean;
  /** Hα flux at the centre, 1e-20 erg/s/cm² per spaxel (default 600). */
  peakHaFlux?: number;
}

function card(key: string, value: string | number | boolean, comment = ''): string {
  let text: string;
  if (typeof value === 'string') text = `'${value.replace(/'/g, "''").padEnd(8)}'`.padEnd(20);
  else if (typeof value === 'boolean') text = (value ? 'T' : 'F').padStart(20);
  else text = (Number.isInteger(value) ? String(value) : value.toExponential(12).toUpperCase()).padStart(20);
  return `${key.padEnd(8)}= ${text}${comment ? ` / ${comment}` : ''}`.slice(0, 80).padEnd(80);
}

function headerBlock(cards: string[]): Buffer {
  const text = [...cards, 'END'.padEnd(80)].join('');
  return Buffer.from(text.padEnd(Math.ceil(text.length / 2880) * 2880), 'latin1');
}

function imageHeader(name: string, nx: number, ny: number, nWave: number, bunit: string): Buffer {
  return headerBlock([
    card('XTENSION', 'IMAGE', 'image extension'), card('BITPIX', -32), card('NAXIS', 3),
    card('NAXIS1', nx), card('NAXIS2', ny), card('NAXIS3', nWave), card('PCOUNT', 0), card('GCOUNT', 1),
    card('EXTNAME', name), card('BUNIT', bunit),
    card('CTYPE1', 'RA---TAN'), card('CTYPE2', 'DEC--TAN'), card('CUNIT1', 'deg'), card('CUNIT2', 'deg'),
    card('CRPIX1', (nx + 1) / 2), card('CRPIX2', (ny + 1) / 2), card('CRVAL1', 150.1), card('CRVAL2', 2.2),
    card('CD1_1', -0.2 / 3600), card('CD1_2', 0), card('CD2_1', 0), card('CD2_2', 0.2 / 3600),
    card('CTYPE3', 'AWAV', 'air wavelength'), card('CUNIT3', 'Angstrom'), card('CRPIX3', 1), card('CRVAL3', CRVAL3),
    card('CD3_3', CDELT3), card('CD1_3', 0), card('CD2_3', 0), card('CD3_1', 0), card('CD3_2', 0),
  ]);
}

/** Writes the cube to `path` plane by plane; returns its size in bytes. */
export function writeMuseCube(path: string, options: MuseCubeOptions = {}): number {
  const nx = options.nx ?? 300;
  const ny = options.ny ?? 300;
  const nWave = options.nWave ?? 3681;
  const seed = options.seed ?? 1;
  const peak = options.peakHaFlux ?? 600;
  const rng = seededRandom(seed);
  const plane = nx * ny;
  const fd = fs.openSync(path, 'w');
  const gz = options.gzip ? new GzipWriter(fd) : null;
  let written = 0;
  const emit = (bytes: Buffer) => {
    written += bytes.length;
    if (gz) gz.write(bytes);
    else fs.writeSync(fd, bytes);
  };

  emit(headerBlock([
    card('SIMPLE', true, 'conforms to FITS standard'), card('BITPIX', 8), card('NAXIS', 0), card('EXTEND', true),
    card('OBJECT', 'SIMULATED MUSE-like cube'), card('TELESCOP', 'ESO-VLT-U4'), card('INSTRUME', 'MUSE'),
    card('SIMULATE', true, 'SIMULATED cube (scripts/make-muse-cube.ts), not MUSE data'), card('SIMSEED', seed),
    card('SIMZ', MUSE_REDSHIFT, 'redshift of the simulated galaxy'), card('SIMLSF', LSF_FWHM_ANGSTROM, 'line FWHM of the LSF added, Angstrom'),
  ]));
  const unit = '10**(-20)*erg/s/cm**2/Angstrom';
  // per spaxel: disc surface brightness and the line-of-sight velocity factor
  const cx = (nx - 1) / 2;
  const cy = (ny - 1) / 2;
  const rd = Math.max(1, nx / 8);
  const surface = new Float64Array(plane);
  const doppler = new Float64Array(plane);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const s = y * nx + x;
      surface[s] = Math.exp(-Math.hypot(x - cx, y - cy) / rd);
      doppler[s] = (1 + MUSE_REDSHIFT) * (1 + (150 * Math.tanh((x - cx) / 4)) / C_KMS);
    }
  }
  const sigmaLsf = LSF_FWHM_ANGSTROM / 2.354820045;
  const values = new Float32Array(plane);
  const bytes = Buffer.from(values.buffer);
  const pad = (n: number) => Buffer.alloc((2880 - (n % 2880)) % 2880);
  const dataBytes = plane * nWave * 4;

  emit(imageHeader('DATA', nx, ny, nWave, unit));
  for (let k = 0; k < nWave; k++) {
    const lambda = CRVAL3 + CDELT3 * k;
    for (let s = 0; s < plane; s++) values[s] = 0.01 * peak * surface[s] + rng.normal();
    for (const line of LINES) {
      const centre = line.air * (1 + MUSE_REDSHIFT);
      const sigma = Math.hypot((centre * 60) / C_KMS, sigmaLsf);
      if (Math.abs(lambda - centre) > (centre * 200) / C_KMS + 6 * sigma) continue;
      const amplitude = (peak * line.ratio) / (Math.sqrt(2 * Math.PI) * sigma);
      for (let s = 0; s < plane; s++) {
        const d = (lambda - line.air * doppler[s]) / sigma;
        if (d > -6 && d < 6) values[s] += amplitude * surface[s] * Math.exp(-0.5 * d * d);
      }
    }
    for (let y = 0; y < ny; y++) values[y * nx] = NaN;
    bytes.swap32();
    emit(bytes);
  }
  emit(pad(dataBytes));
  emit(imageHeader('STAT', nx, ny, nWave, `(${unit})**2`));
  values.fill(1);
  for (let y = 0; y < ny; y++) values[y * nx] = NaN;
  bytes.swap32();
  for (let k = 0; k < nWave; k++) emit(bytes);
  emit(pad(dataBytes));
  if (gz) gz.end();
  fs.closeSync(fd);
  return written;
}

/**
 * A synchronous gzip writer (RFC 1952, one member): each piece is raw-deflated on its own and ended with a sync flush
 * (non-final blocks, byte-aligned), so the pieces concatenate into one deflate stream, closed by a final empty block.
 */
class GzipWriter {
  private readonly fd: number;
  private crc = 0;
  private size = 0;
  private readonly deflate: zlib.Deflate;
  constructor(fd: number) {
    this.fd = fd;
    this.deflate = zlib.createDeflateRaw();
    // RFC 1952 §2.3: ID1 ID2 CM=8 FLG=0 MTIME=0 XFL=0 OS=255
    fs.writeSync(fd, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]));
  }
  write(bytes: Buffer): void {
    this.crc = zlib.crc32(bytes, this.crc);
    this.size = (this.size + bytes.length) >>> 0;
    fs.writeSync(this.fd, zlib.deflateRawSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
  }
  end(): void {
    fs.writeSync(this.fd, zlib.deflateRawSync(Buffer.alloc(0))); // the final empty block
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(this.crc >>> 0, 0);
    trailer.writeUInt32LE(this.size, 4);
    fs.writeSync(this.fd, trailer);
  }
}

if (require.main === module) {
  const [out, ...rest] = process.argv.slice(2);
  if (!out) {
    process.stderr.write('usage: node --import tsx scripts/make-muse-cube.ts OUT.fits [--nx 300] [--ny 300] [--nwave 3681] [--seed 1] [--gzip]\n');
    process.exit(2);
  }
  const flag = (name: string, fallback: number) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? Number(rest[i + 1]) : fallback;
  };
  const bytes = writeMuseCube(out, { nx: flag('nx', 300), ny: flag('ny', 300), nWave: flag('nwave', 3681), seed: flag('seed', 1), gzip: rest.includes('--gzip') });
  process.stdout.write(`${out}: ${(bytes / 1e9).toFixed(2)} GB of FITS (SIMULATED MUSE-like cube)\n`);
}
