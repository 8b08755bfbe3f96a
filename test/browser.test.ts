// The notebooks as a reader sees them, in a real browser (Debian's headless `chromium`, driven over the DevTools
// protocol by test/helpers/chromium.ts):
// 1. every executed notebook (shared with test/notebooks.test.ts, test/helpers/executed-notebooks.ts) converted with
//    `jupyter nbconvert --to html` and loaded at a 1024-px-wide window: every figure present with a non-zero rendered
//    size, no error output, every code cell numbered `In [n]:`, no code line over 100 characters nor cut off;
// 2. live: Jupyter Notebook on 127.0.0.1 (random port, token, the project's kernelspec), notebook 01 opened, its first
//    code cells run through the UI (click, Shift+Enter) until one shows output.
// Each part skips with a one-line reason where Chromium, nbconvert or the server cannot start
// (`.ci/run` installs chromium and jupyter-notebook).
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { listNotebooks } from '../kernel-lib/src/report/run-notebooks';
import { projectPath } from '../kernel-lib/src/paths';
import { findChromium, launchChromium, withTimeout, type Browser, type Page } from './helpers/chromium';
import { executedNotebook, sharedOutDir } from './helpers/executed-notebooks';

/** Characters a code line may have: what fits the code cell at notebook width without being cut off. */
const MAX_CODE_LINE = 100;
/** The window the HTML pages are checked in (a small laptop or a classroom projector). */
const PAGE_WIDTH = 1024;

const chromium = findChromium();
const hasCommand = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;
const noChromium = chromium ? false : 'no Chromium (apt-get install chromium)';
const skipPages = noChromium
  || (hasCommand('jupyter', ['nbconvert', '--version']) ? false : 'no jupyter nbconvert (apt-get install jupyter-nbconvert)');
const skipLive = noChromium
  || (hasCommand('jupyter', ['notebook', '--version']) ? false : 'no Jupyter Notebook (apt-get install jupyter-notebook)');

let browser: Browser | null = null;
let browserError = '';
before(async () => {
  if (!chromium) return;
  try {
    browser = await launchChromium(chromium);
  } catch (e) {
    browserError = (e as Error).message.split('\n')[0];
  }
});
after(async () => { await browser?.close(); });

/** The browser, or null after marking the test skipped with the reason Chromium did not start. */
function browserOrSkip(t: TestContext): Browser | null {
  if (!browser) t.skip(`Chromium cannot start: ${browserError}`);
  return browser;
}

// ---- 1. executed notebooks as HTML ----

interface PageReport {
  problems: string[];
  /** Per cell (1-based index over all cells), how many figures the page shows. */
  figures: Record<number, number>;
}

/** Runs in the page (nbconvert's lab template): one line per problem, naming the cell. */
const PAGE_CHECK = `(() => {
  const problems = [];
  const figures = {};
  const cells = [...document.querySelectorAll('.jp-Cell')];
  cells.forEach((cell, i) => {
    const where = 'cell ' + (i + 1);
    if (!cell.classList.contains('jp-CodeCell')) return;
    const prompt = (cell.querySelector('.jp-InputPrompt')?.textContent ?? '').trim();
    if (!/^In\\s*\\[\\d+\\]:$/.test(prompt)) problems.push(where + ': prompt "' + prompt + '", not "In [n]:" (the cell looks never run)');
    const pre = cell.querySelector('.jp-InputArea-editor pre');
    if (pre) {
      pre.textContent.replace(/\\n$/, '').split('\\n').forEach((line, k) => {
        if (line.length > ${MAX_CODE_LINE}) problems.push(where + ', line ' + (k + 1) + ': ' + line.length
          + ' characters (> ${MAX_CODE_LINE}): ' + line.trim().slice(0, 50) + '…');
      });
      if (pre.scrollWidth > pre.clientWidth + 1) problems.push(where + ': code cut off at a ' + innerWidth
        + '-px window (' + pre.scrollWidth + ' px of code in a ' + pre.clientWidth + '-px cell)');
    }
    for (const o of cell.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) {
      problems.push(where + ': error output: ' + o.textContent.trim().split('\\n').slice(0, 3).join(' | ').slice(0, 200));
    }
    let n = 0;
    for (const f of cell.querySelectorAll('.jp-OutputArea-output img, .jp-OutputArea-output svg')) {
      if (f.parentElement.closest('svg')) continue;
      n++;
      const r = f.getBoundingClientRect();
      const name = 'figure ' + n + ' (' + f.tagName.toLowerCase() + ')';
      if (!(r.width > 0 && r.height > 0)) problems.push(where + ': ' + name + ' has no size (' + r.width + ' × ' + r.height + ' px)');
      if (f.tagName === 'IMG' && !(f.complete && f.naturalWidth > 0)) problems.push(where + ': ' + name + ' does not decode');
    }
    figures[i + 1] = n;
  });
  if (cells.length === 0) problems.push('no notebook cells in the page');
  return { problems, figures };
})()`;

interface NotebookJson {
  cells: { cell_type: string; outputs?: { output_type: string; name?: string; data?: Record<string, unknown>; ename?: string; evalue?: string }[] }[];
}

/** What the executed notebook itself holds: image outputs per cell, and error outputs (a cross-check of the page). */
function fromNotebook(executedPath: string): { images: Record<number, number>; problems: string[] } {
  const nb = JSON.parse(fs.readFileSync(executedPath, 'utf8')) as NotebookJson;
  const images: Record<number, number> = {};
  const problems: string[] = [];
  nb.cells.forEach((cell, i) => {
    for (const o of cell.outputs ?? []) {
      if (o.data && Object.keys(o.data).some((m) => m.startsWith('image/'))) images[i + 1] = (images[i + 1] ?? 0) + 1;
      if (o.output_type === 'error') problems.push(`cell ${i + 1}: error in the notebook: ${o.ename}: ${o.evalue}`.slice(0, 200));
    }
  });
  return { images, problems };
}

async function checkPage(b: Browser, html: string): Promise<PageReport> {
  const page = await b.newPage(PAGE_WIDTH, 800);
  try {
    // The page asks CDNs for require.js and MathJax: refuse the network so the check is offline and prompt.
    await page.send('Network.enable');
    await page.send('Network.setBlockedURLs', { urls: ['http://*', 'https://*'] });
    await page.goto('file://' + html, 60_000);
    return await page.evaluate<PageReport>(PAGE_CHECK);
  } finally {
    await page.close();
  }
}

for (const notebook of listNotebooks()) {
  const name = path.basename(notebook, '.ipynb');
  test(`notebook ${name} in Chromium: figures shown, no errors, cells numbered, code lines ≤ ${MAX_CODE_LINE} characters`,
    { skip: skipPages, timeout: 20 * 60_000 }, async (t) => {
      const b = browserOrSkip(t);
      if (!b) return;
      const run = await executedNotebook(notebook);
      assert.ok(fs.existsSync(run.executedPath), `${name}: no executed notebook (${run.error ?? ''})`);
      const htmlDir = path.join(sharedOutDir(), 'html');
      const converted = spawnSync('jupyter', ['nbconvert', '--to', 'html', '--output-dir', htmlDir, run.executedPath], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(converted.status, 0, `${name}: nbconvert --to html failed: ${converted.stderr}`);
      const report = await checkPage(b, path.join(htmlDir, `${name}.html`));
      const own = fromNotebook(run.executedPath);
      const problems = [...(run.ok ? [] : [`the notebook failed to execute: ${(run.error ?? '').split('\n')[0]}`]), ...own.problems, ...report.problems];
      for (const [cell, count] of Object.entries(own.images)) {
        const shown = report.figures[Number(cell)] ?? 0;
        if (shown < count) problems.push(`cell ${cell}: ${count} figure(s) in the notebook, ${shown} in the page`);
      }
      const cellOf = (p: string) => Number(/^cell (\d+)/.exec(p)?.[1] ?? 0);
      problems.sort((a, b) => cellOf(a) - cellOf(b));
      if (problems.length > 0) {
        assert.fail(`${name}: ${problems.length} problem(s) in the page a reader sees:\n${problems.map((p) => `  ${name}: ${p}`).join('\n')}`);
      }
    });
}

// ---- 2. live: Jupyter Notebook and a cell run through the UI ----

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Server { url: string; token: string; stop(): Promise<void> }

/** Starts `jupyter notebook` on 127.0.0.1 with the project kernelspec; rejects with a one-line reason if it cannot. */
async function startNotebookServer(notebookDir: string, scratch: string, timeoutMs = 60_000): Promise<Server> {
  const port = await freePort();
  const token = crypto.randomBytes(24).toString('hex');
  const child = spawn('jupyter', [
    'notebook', '--no-browser', '--allow-root', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
    `--NotebookApp.token=${token}`, `--notebook-dir=${notebookDir}`,
  ], {
    detached: true, // its own process group, so stopping it stops the kernels it started
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      JUPYTER_PATH: projectPath('jupyter'), // absolute: a relative JUPYTER_PATH kills the kernel
      JUPYTER_RUNTIME_DIR: path.join(scratch, 'runtime'),
      JUPYTER_CONFIG_DIR: path.join(scratch, 'config'),
      MSA3D_OUT_DIR: path.join(scratch, 'out'), // the cells' records and figures go here, not into the project's out/
      PYDEVD_DISABLE_FILE_VALIDATION: '1',
    },
  });
  let log = '';
  child.stderr!.on('data', (d) => { log = (log + d).slice(-8000); });
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  child.once('error', () => { exited = true; });
  const stop = async () => {
    if (exited) return;
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ }
    await withTimeout(gone, 10_000, '').catch(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    try {
      const r = await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` }, signal: AbortSignal.timeout(2000) });
      if (r.ok) return { url, token, stop };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  const last = log.trim().split('\n').filter((l) => l.trim()).pop() ?? '';
  throw new Error(exited ? `the server exited: ${last}` : `no answer within ${timeoutMs / 1000} s: ${last}`);
}

/** Polls `expression` in the page until it is truthy; returns its value. */
async function waitInPage<T>(page: Page, expression: string, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await page.evaluate<T>(expression).catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const LIVE_NOTEBOOK = '01-spectrum-example.ipynb';

test('live: Jupyter Notebook with the project kernel, a cell run through the UI in Chromium shows its output',
  { skip: skipLive, timeout: 5 * 60_000 }, async (t) => {
    const b = browserOrSkip(t);
    if (!b) return;
    const notebookPath = projectPath('notebooks', LIVE_NOTEBOOK);
    const before = fs.readFileSync(notebookPath);
    const checkpoints = projectPath('notebooks', '.ipynb_checkpoints');
    const hadCheckpoints = fs.existsSync(checkpoints);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-live-'));
    let server: Server;
    try {
      server = await startNotebookServer(projectPath('notebooks'), scratch);
    } catch (e) {
      fs.rmSync(scratch, { recursive: true, force: true });
      t.skip(`Jupyter Notebook cannot start: ${(e as Error).message.split('\n')[0].slice(0, 200)}`);
      return;
    }
    const page = await b.newPage(1280, 900);
    try {
      await page.goto(`${server.url}/notebooks/${LIVE_NOTEBOOK}?token=${server.token}`, 60_000);
      const kernel = await waitInPage<string>(page,
        `window.Jupyter?.notebook?.kernel?.is_connected?.() && Jupyter.notebook.kernel.name`, 60_000, 'the kernel to connect');
      assert.equal(kernel, 'tslab');
      // Never write the project's notebook: no autosave (the server would otherwise save it after two minutes).
      await page.evaluate(`Jupyter.notebook.set_autosave_interval(0), true`);
      await page.send('Page.bringToFront');

      // Run the code cells from the top through the UI — click into the cell, press Shift+Enter — until one shows output.
      const codeCells = await page.evaluate<number[]>(
        `Jupyter.notebook.get_cells().map((c, i) => [c.cell_type, i]).filter(([t]) => t === 'code').map(([, i]) => i)`);
      let output = '';
      let ran = 0;
      for (const index of codeCells.slice(0, 4)) {
        const box = await page.evaluate<{ x: number; y: number }>(`(() => {
          const el = Jupyter.notebook.get_cell(${index}).element[0].querySelector('.input_area');
          el.scrollIntoView({ block: 'center' });
          const r = el.getBoundingClientRect();
          return { x: r.left + 20, y: r.top + Math.min(8, r.height / 2) };
        })()`);
        for (const type of ['mousePressed', 'mouseReleased']) {
          await page.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
        }
        await waitInPage(page, `Jupyter.notebook.get_selected_index() === ${index}`, 10_000, `cell ${index + 1} to be selected by the click`);
        const key = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13, modifiers: 8 /* Shift */ };
        await page.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...key });
        await page.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
        ran++;
        await waitInPage(page, `(() => { const c = Jupyter.notebook.get_cell(${index});
            return c.input_prompt_number !== undefined && c.input_prompt_number !== null && c.input_prompt_number !== '*'
              && Jupyter.notebook.kernel_busy === false; })()`, 120_000, `cell ${index + 1} to finish`).catch(async (e) => {
          throw new Error(`${(e as Error).message}; its prompt: ${await page.evaluate(`Jupyter.notebook.get_cell(${index}).element.find('.input_prompt').text()`)}`);
        });
        const seen = await page.evaluate<{ text: string; errors: string }>(`(() => {
          const el = Jupyter.notebook.get_cell(${index}).element[0];
          const errors = [...el.querySelectorAll('.output_stderr, .output_error')].map((e) => e.innerText).join(' | ');
          return { text: [...el.querySelectorAll('.output_subarea')].map((e) => e.innerText).join('\\n').trim(), errors };
        })()`);
        assert.equal(seen.errors, '', `cell ${index + 1} shows an error: ${seen.errors.slice(0, 300)}`);
        if (seen.text) { output = seen.text; break; }
      }
      assert.ok(output.length > 0, `none of the first ${ran} code cells of ${LIVE_NOTEBOOK} showed output in the page`);
      console.log(`live: ${LIVE_NOTEBOOK}: ran ${ran} code cell(s) through the UI; output seen: ${output.split('\n')[0].slice(0, 100)}`);
    } finally {
      await page.close();
      await server.stop();
      fs.rmSync(scratch, { recursive: true, force: true });
      // The server makes an empty .ipynb_checkpoints/ when it lists checkpoints; leave the folder as we found it.
      if (!hadCheckpoints && fs.existsSync(checkpoints) && fs.readdirSync(checkpoints).length === 0) fs.rmdirSync(checkpoints);
      assert.ok(fs.readFileSync(notebookPath).equals(before), `${LIVE_NOTEBOOK} was modified on disk by the live test`);
    }
  });
