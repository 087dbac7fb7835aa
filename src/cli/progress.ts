// A single self-overwriting status line on stderr (files done/found, events, MB/s) for long runs.
// Shown only when stderr is a terminal and the run has lasted a second; cleared before any
// message and at the end, so it never mixes with output or errors.
import type { Io } from "../io.js";

const SHOW_AFTER_MS = 1000;
const EVERY_MS = 200;

export interface ProgressState {
  filesDone: number;
  filesFound: number;
  events: number;
  bytesInflated: number;
}

export class Progress {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;

  constructor(
    private readonly io: Io,
    private readonly enabled: boolean,
    private readonly label = "events",
  ) {}

  update(s: ProgressState): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < SHOW_AFTER_MS || now - this.last < EVERY_MS) return;
    this.last = now;
    const secs = (now - this.started) / 1000;
    const mbps = s.bytesInflated / 1e6 / secs;
    const line = `files ${s.filesDone}/${s.filesFound}  ${this.label} ${s.events.toLocaleString("en-US")}  ${mbps.toFixed(0)} MB/s`;
    this.io.stderr.write(`\r\x1b[K${line}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) {
      this.io.stderr.write("\r\x1b[K");
      this.shown = false;
    }
  }
}
