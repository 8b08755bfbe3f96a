// Runs every benchmark in bench/ in turn; each prints its own timings and its ratio against a peer.
import { run as bootstrapLine } from './bootstrap-line';

for (const bench of [bootstrapLine]) bench();
