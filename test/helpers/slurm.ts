// A throw-away single-node Slurm for tests (Debian slurm-wlm + munge, the recipe of shared/TOOLCHAIN.md): munged,
// slurmctld and slurmd started as root with their own key, socket, config, ports, state and logs in a temporary folder,
// and stopped by their PID files. `startSlurm` returns null with the reason when Slurm cannot run here.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';

export interface LocalSlurm {
  dir: string;
  /** Environment for sbatch/squeue/scontrol (SLURM_CONF set). */
  env: NodeJS.ProcessEnv;
  /** Runs a Slurm client command; returns its status and output. */
  run(command: string, args: string[]): { status: number | null; stdout: string; stderr: string };
  /** Stops slurmd, slurmctld and munged (SIGTERM, then SIGKILL after 5 s); safe to call twice. */
  stop(): Promise<void>;
}

const BINARIES = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'sinfo', 'scontrol'];

function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return p;
  }
  return null;
}

/** Two ports nobody listens on now (bound then released; a clash stays possible but unlikely). */
async function freePorts(n: number): Promise<number[]> {
  const net = await import('node:net');
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<import('node:net').Server>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function pidFrom(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts a one-node cluster (CPUs = this machine's), or returns the reason it cannot. */
export async function startSlurm(): Promise<LocalSlurm | { skip: string }> {
  if (process.getuid?.() !== 0) return { skip: 'the Slurm test starts munged/slurmctld/slurmd and needs root' };
  const missing = BINARIES.filter((b) => !which(b));
  if (missing.length > 0) return { skip: `Slurm is not installed (no ${missing.join(', ')}; Debian: apt-get install slurm-wlm munge)` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-slurm-'));
  for (const sub of ['munge', 'state', 'spool', 'log']) fs.mkdirSync(path.join(dir, sub), { mode: 0o700 });
  const key = path.join(dir, 'munge', 'munge.key');
  fs.writeFileSync(key, crypto.randomBytes(1024), { mode: 0o400 });
  const socket = path.join(dir, 'munge', 'munge.socket');
  const pidFiles = [path.join(dir, 'slurmd.pid'), path.join(dir, 'slurmctld.pid'), path.join(dir, 'munge', 'munged.pid')];
  const host = os.hostname().split('.')[0];
  const [ctldPort, slurmdPort] = await freePorts(2);
  const conf = path.join(dir, 'slurm.conf');
  fs.writeFileSync(conf, [
    'ClusterName=msa3dtest', `SlurmctldHost=${host}(127.0.0.1)`, `SlurmctldPort=${ctldPort}`, `SlurmdPort=${slurmdPort}`,
    'AuthType=auth/munge', 'CredType=cred/munge', `AuthInfo=socket=${socket}`,
    'ProctrackType=proctrack/linuxproc', 'TaskPlugin=task/none', 'SelectType=select/cons_tres', 'SelectTypeParameters=CR_Core',
    'SlurmUser=root', 'SlurmdUser=root', 'JobAcctGatherType=jobacct_gather/none', 'AccountingStorageType=accounting_storage/none',
    'MpiDefault=none', 'ReturnToService=2',
    `StateSaveLocation=${dir}/state`, `SlurmdSpoolDir=${dir}/spool`,
    `SlurmctldLogFile=${dir}/log/slurmctld.log`, `SlurmdLogFile=${dir}/log/slurmd.log`,
    `SlurmctldPidFile=${pidFiles[1]}`, `SlurmdPidFile=${pidFiles[0]}`,
    `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${os.cpus().length} RealMemory=2000 State=UNKNOWN`,
    `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    '',
  ].join('\n'));
  const env = { ...process.env, SLURM_CONF: conf };
  const run = (command: string, args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(command, args, { env, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? r.error.message : '') };
  };
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const file of pidFiles) {
      const pid = pidFrom(file);
      if (pid === null || !alive(pid)) continue;
      process.kill(pid, 'SIGTERM');
      for (let waited = 0; alive(pid) && waited < 5000; waited += 100) await sleep(100);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const slurm: LocalSlurm = { dir, env, run, stop };
  const lastLog = (name: string): string => {
    try {
      return fs.readFileSync(path.join(dir, 'log', name), 'utf8').trim().split('\n').pop() ?? '';
    } catch {
      return '';
    }
  };
  const steps: Array<[string, string[]]> = [
    ['munged', ['--force', `--key-file=${key}`, `--socket=${socket}`, `--pid-file=${pidFiles[2]}`, `--log-file=${dir}/log/munged.log`, `--seed-file=${dir}/munge/munged.seed`]],
    ['slurmctld', ['-f', conf]],
    ['slurmd', ['-f', conf]],
  ];
  for (const [daemon, args] of steps) {
    const r = run(which(daemon)!, args);
    if (r.status !== 0) {
      const why = r.stderr.trim().split('\n').pop() || lastLog(`${daemon}.log`);
      await stop();
      return { skip: `Slurm cannot start here: ${daemon} exited ${r.status} (${why})` };
    }
  }
  for (let waited = 0; waited < 20_000; waited += 250) {
    const state = run('sinfo', ['-h', '-o', '%T']).stdout.trim();
    if (state === 'idle') return slurm;
    await sleep(250);
  }
  const why = lastLog('slurmd.log') || lastLog('slurmctld.log');
  await stop();
  return { skip: `Slurm cannot start here: the node did not become idle within 20 s (${why})` };
}
