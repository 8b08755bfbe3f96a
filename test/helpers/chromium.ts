// Headless Chromium driven through the DevTools protocol over a pipe (`--remote-debugging-pipe`: JSON messages ended
// by a NUL byte, Chromium reads fd 3 and writes fd 4): no port, no WebSocket, no browser download, no npm dependency.
// Used by test/browser.test.ts with Debian's `chromium` (apt-get install chromium).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable ($CHROMIUM, else Debian's), or null when none runs. */
export function findChromium(): string | null {
  for (const exe of [process.env.CHROMIUM, ...CANDIDATES]) {
    if (!exe || !fs.existsSync(exe)) continue;
    if (spawnSync(exe, ['--version'], { stdio: 'ignore', timeout: 20_000 }).status === 0) return exe;
  }
  return null;
}

type Json = Record<string, unknown>;

/** One page (a target attached in flat mode); `send` goes to it, `waitFor` waits for one of its events. */
export interface Page {
  send(method: string, params?: Json): Promise<Json>;
  waitFor(event: string, timeoutMs: number): Promise<Json>;
  /** Evaluates `expression` in the page, awaiting a promise, and returns its value (JSON). Throws on an exception. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** Navigates and waits for the load event. */
  goto(url: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface Browser {
  newPage(width?: number, height?: number): Promise<Page>;
  close(): Promise<void>;
}

/** Starts headless Chromium; rejects (with Chromium's stderr) when it cannot start within `timeoutMs`. */
export async function launchChromium(executable: string, timeoutMs = 30_000): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-chromium-'));
  const child: ChildProcess = spawn(executable, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
    '--no-default-browser-check', '--disable-extensions', '--mute-audio', '--hide-scrollbars',
    '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;

  let nextId = 1;
  const pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void; method: string }>();
  const listeners = new Set<(msg: Json) => void>();
  let exited: Error | null = null;
  let buffer = Buffer.alloc(0);
  fromBrowser.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    let end: number;
    while ((end = buffer.indexOf(0)) >= 0) {
      const msg = JSON.parse(buffer.subarray(0, end).toString('utf8')) as Json;
      buffer = buffer.subarray(end + 1);
      if (typeof msg.id === 'number' && pending.has(msg.id)) {
        const p = pending.get(msg.id)!;
        pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`${p.method}: ${JSON.stringify(msg.error)}`));
        else p.resolve((msg.result ?? {}) as Json);
      } else for (const l of [...listeners]) l(msg);
    }
  });
  const failAll = (e: Error) => {
    exited = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  child.on('exit', (code, signal) => failAll(new Error(`chromium exited (${code ?? signal}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`)));
  child.on('error', (e) => failAll(e));
  toBrowser.on('error', () => undefined);

  function send(method: string, params: Json = {}, sessionId?: string): Promise<Json> {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, method });
      toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  }

  function waitFor(event: string, timeoutMs: number, sessionId?: string): Promise<Json> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { listeners.delete(on); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${event}`)); }, timeoutMs);
      const on = (msg: Json) => {
        if (msg.method !== event || (sessionId && msg.sessionId !== sessionId)) return;
        clearTimeout(timer);
        listeners.delete(on);
        resolve((msg.params ?? {}) as Json);
      };
      listeners.add(on);
    });
  }

  try {
    await withTimeout(send('Browser.getVersion'), timeoutMs, 'Chromium did not answer on the DevTools pipe');
  } catch (e) {
    child.kill('SIGKILL');
    fs.rmSync(profile, { recursive: true, force: true });
    throw e;
  }

  return {
    async newPage(width = 1280, height = 900) {
      const { targetId } = await send('Target.createTarget', { url: 'about:blank' }) as { targetId: string };
      const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true }) as { sessionId: string };
      const page: Page = {
        send: (method, params) => send(method, params, sessionId),
        waitFor: (event, ms) => waitFor(event, ms, sessionId),
        async evaluate<T>(expression: string): Promise<T> {
          const r = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
          if (r.exceptionDetails) throw new Error(`in page: ${JSON.stringify(r.exceptionDetails).slice(0, 500)}`);
          return (r.result as { value: T }).value;
        },
        async goto(url, ms = 30_000) {
          const loaded = waitFor('Page.loadEventFired', ms, sessionId);
          const r = await send('Page.navigate', { url }, sessionId);
          if (r.errorText) throw new Error(`navigating to ${url}: ${r.errorText}`);
          await loaded;
        },
        async close() {
          await send('Target.closeTarget', { targetId }).catch(() => undefined);
        },
      };
      await page.send('Page.enable');
      await page.send('Runtime.enable');
      await page.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
      return page;
    },
    async close() {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        send('Browser.close').catch(() => undefined);
        await withTimeout(gone, 10_000, '').catch(() => child.kill('SIGKILL'));
      }
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Rejects with `message` when `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${message} (after ${ms} ms)`)), ms); }),
  ]);
}
