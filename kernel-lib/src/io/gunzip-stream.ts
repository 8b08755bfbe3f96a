// Synchronous, chunked reading of a gzip file: node's zlib.createGunzip streams it on a worker thread, handing each
// decompressed chunk to the caller through shared memory, so a .fits.gz is read in order without ever holding (or
// writing to disk) the whole decompressed file. Only the caller's current chunk is in memory.
import { Worker } from 'node:worker_threads';

/** Bytes of decompressed data handed over per step (the shared buffer's size). */
const CHUNK_BYTES = 4 << 20;

// control words in the shared Int32Array
const STATE = 0; // 0 = the worker is filling, 1 = a chunk is ready, 2 = end of stream, 3 = error, 4 = the reader cancelled
const LENGTH = 1; // bytes in the ready chunk (or of the error message)
const FILLING = 0;
const READY = 1;
const ENDED = 2;
const FAILED = 3;
const CANCELLED = 4;

// The worker: createReadStream → createGunzip; output is gathered in the shared buffer and handed over when it is
// full (or at the end), the worker then blocking (Atomics.wait) until the reader has taken it. Plain JavaScript, run with { eval: true }.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const zlib = require('node:zlib');
const { path, control, data } = workerData;
const ctl = new Int32Array(control);
const buf = new Uint8Array(data);
function handOver(state, length) {
  Atomics.store(ctl, 1, length);
  Atomics.store(ctl, 0, state);
  Atomics.notify(ctl, 0);
  if (state !== 1) return true;
  Atomics.wait(ctl, 0, 1);
  return Atomics.load(ctl, 0) !== 4;
}
function fail(error) {
  const text = Buffer.from(String(error && error.message ? error.message : error)).subarray(0, buf.length);
  buf.set(text, 0);
  handOver(3, text.length);
}
const input = fs.createReadStream(path, { highWaterMark: 1 << 20 });
const gunzip = zlib.createGunzip({ chunkSize: 1 << 18 });
let fill = 0; // bytes waiting in the shared buffer: slices are handed over only when it is full, or at the end
input.on('error', fail);
gunzip.on('error', fail);
gunzip.on('data', (chunk) => {
  let at = 0;
  while (at < chunk.length) {
    const n = Math.min(chunk.length - at, buf.length - fill);
    buf.set(chunk.subarray(at, at + n), fill);
    fill += n;
    at += n;
    if (fill === buf.length) {
      fill = 0;
      if (!handOver(1, buf.length)) { input.destroy(); gunzip.destroy(); process.exit(0); }
    }
  }
});
gunzip.on('end', () => {
  if (fill > 0 && !handOver(1, fill)) process.exit(0);
  handOver(2, 0);
});
input.pipe(gunzip);
`;

/** A forward-only reader of the decompressed bytes of a gzip file. Call close() when done (or on error). */
export class GunzipStream {
  readonly path: string;
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly data = new Uint8Array(new SharedArrayBuffer(CHUNK_BYTES));
  private worker: Worker | null;
  private chunk: Uint8Array = new Uint8Array(0);
  private chunkAt = 0;
  private ended = false;
  /** Decompressed bytes consumed so far (the stream position). */
  position = 0;

  constructor(path: string) {
    this.path = path;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, control: this.control.buffer, data: this.data.buffer },
      // The worker prints nothing; not piping its streams into ours avoids one set of listeners on process.stdout and
      // process.stderr per open file while earlier workers are still terminating (reading many .fits.gz in a loop).
      stdout: true,
      stderr: true,
    });
    this.worker.unref();
  }

  /** Waits for the next chunk; false at the end of the stream. Throws Error with the worker's message on failure. */
  private next(): boolean {
    if (this.ended) return false;
    if (Atomics.load(this.control, STATE) === READY && this.chunk.length > 0) {
      // release the slice we hold so the worker can write the next one
      Atomics.store(this.control, STATE, FILLING);
      Atomics.notify(this.control, STATE);
    }
    Atomics.wait(this.control, STATE, FILLING);
    const state = Atomics.load(this.control, STATE);
    const length = Atomics.load(this.control, LENGTH);
    if (state === READY) {
      this.chunk = this.data.subarray(0, length);
      this.chunkAt = 0;
      return true;
    }
    this.ended = true;
    this.chunk = new Uint8Array(0);
    if (state === FAILED) {
      const message = Buffer.from(this.data.subarray(0, length)).toString('utf8');
      this.close();
      throw new Error(message);
    }
    return false; // ENDED
  }

  /** Copies up to `length` bytes into `target` at `offset` (or discards them when target is null); returns the count. */
  read(target: Uint8Array | null, offset: number, length: number): number {
    let done = 0;
    while (done < length) {
      if (this.chunkAt >= this.chunk.length && !this.next()) break;
      const n = Math.min(length - done, this.chunk.length - this.chunkAt);
      if (target) target.set(this.chunk.subarray(this.chunkAt, this.chunkAt + n), offset + done);
      this.chunkAt += n;
      done += n;
    }
    this.position += done;
    return done;
  }

  /** Stops the worker (it may be mid-stream). Safe to call twice. */
  close(): void {
    if (!this.worker) return;
    const worker = this.worker;
    this.worker = null;
    if (!this.ended) {
      Atomics.store(this.control, STATE, CANCELLED);
      Atomics.notify(this.control, STATE);
    }
    void worker.terminate();
  }
}

/** True when the first two bytes are the gzip magic number 1f 8b (RFC 1952 §2.3.1). */
export function isGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
