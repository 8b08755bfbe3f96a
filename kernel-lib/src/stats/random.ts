// A seeded pseudorandom stream: xoshiro128** 1.1 (Blackman & Vigna 2021, ACM TOMS 47, 36), seeded by SplitMix-style hashing.
//
// Why this generator: 128-bit state, period 2¹²⁸ − 1, passes BigCrush, and needs only 32-bit integer
// operations (Math.imul), so it is fast and bit-exact in every JavaScript engine. The four state words come
// from a golden-ratio Weyl sequence passed through the MurmurHash3 fmix32 finalizer (the SplitMix recipe,
// Steele, Lea & Flood 2014), so nearby seeds give unrelated streams. Same seed → same sequence, always.

/** A reproducible stream of random numbers; every random function in kernel-lib takes the seed that makes one. */
export interface SeededRandom {
  /** The seed this stream was created from. */
  readonly seed: number;
  /** Next raw 32-bit output, an integer in [0, 2³²). */
  uint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform integer in [0, n), exactly unbiased (rejection sampling); n an integer in [1, 2³²]. */
  integer(n: number): number;
  /** Gaussian deviate with the given mean and standard deviation (Marsaglia & Bray 1964 polar method). */
  normal(mean?: number, sd?: number): number;
}

const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

/** Creates the stream for `seed`, an integer in [0, 2⁵³). Throws on anything else. */
export function seededRandom(seed: number): SeededRandom {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= TWO_53) {
    throw new Error(`seededRandom: seed must be an integer in [0, 2^53) (got ${seed})`);
  }
  // SplitMix-style seeding: Weyl sequence (+ 0x9E3779B9, ⌊2³²/φ⌋) mixed by fmix32 (Steele et al. 2014).
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_32) >>> 0;
  let weyl = low ^ fmix32(high ^ 0x6a09e667);
  const state = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    weyl = (weyl + 0x9e3779b9) | 0;
    state[i] = fmix32(weyl);
  }
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1; // all-zero is xoshiro's one fixed point

  const uint32 = (): number => xoshiro128StarStar(state);

  // 53-bit double: (a >> 5) × 2²⁶ + (b >> 6), over 2⁵³ (the genrand_res53 construction, Matsumoto & Nishimura 1998).
  function uniform(): number {
    const a = uint32() >>> 5;
    const b = uint32() >>> 6;
    return (a * 67108864 + b) / TWO_53;
  }

  function integer(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) {
      throw new Error(`seededRandom.integer: n must be an integer in [1, 2^32] (got ${n})`);
    }
    // Reject the top 2³² mod n outputs so every residue is equally likely.
    const limit = TWO_32 - (TWO_32 % n);
    let x = uint32();
    while (x >= limit) x = uint32();
    return x % n;
  }

  let spare = 0;
  let hasSpare = false;
  // Marsaglia polar method: (u, v) uniform in the unit disc, s = u² + v², deviates u√(−2 ln s / s), v√(…) (Marsaglia & Bray 1964).
  function normal(mean = 0, sd = 1): number {
    if (hasSpare) {
      hasSpare = false;
      return mean + sd * spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * factor;
    hasSpare = true;
    return mean + sd * u * factor;
  }

  return { seed, uint32, uniform, integer, normal };
}

/**
 * Advances a xoshiro128** state (four 32-bit words, updated in place) and returns the next output in [0, 2³²):
 * output = rotl(s1 × 5, 7) × 9, then the xorshift/rotate update (Blackman & Vigna 2021, reference C code).
 */
export function xoshiro128StarStar(state: Uint32Array): number {
  const s0 = state[0];
  const s1 = state[1];
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  const s2 = state[2] ^ s0;
  const s3 = state[3] ^ s1;
  state[0] = s0 ^ s3;
  state[1] = s1 ^ s2;
  state[2] = s2 ^ t;
  state[3] = rotl(s3, 11);
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** MurmurHash3 32-bit finalizer (Appleby 2011): a bijective avalanche mix of one 32-bit word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
