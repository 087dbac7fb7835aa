// The progress line: silent when disabled or for short runs, then one self-overwriting line on
// stderr with files done/found, events and MB/s, cleared before anything else is printed.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PassThrough } from "node:stream";
import { Progress } from "../../../src/cli/progress.js";
import type { Io } from "../../../src/io.js";

function fakeIo(): { io: Io; text: () => string } {
  const err = new PassThrough();
  const chunks: string[] = [];
  err.on("data", (c: Buffer) => chunks.push(c.toString()));
  const io = { stderr: Object.assign(err, { isTTY: true }) } as unknown as Io;
  return { io, text: () => chunks.join("") };
}

describe("Progress", () => {
  const T0 = Date.parse("2026-03-01T00:00:00Z");
  // Only the clock is faked: the stream still delivers data through real timers.
  beforeEach(() => vi.useFakeTimers({ toFake: ["Date"], now: T0 }));
  afterEach(() => vi.useRealTimers());

  const state = { filesDone: 3, filesFound: 10, events: 12345, bytesInflated: 50e6 };

  it("stays silent during the first second", async () => {
    const { io, text } = fakeIo();
    const p = new Progress(io, true);
    vi.setSystemTime(T0 + 900);
    p.update(state);
    await Promise.resolve();
    expect(text()).toBe("");
  });

  it("then shows files done/found, events and MB/s on one overwritten line, and clears it", async () => {
    const { io, text } = fakeIo();
    const p = new Progress(io, true);
    vi.setSystemTime(T0 + 2000);
    p.update(state);
    p.update({ ...state, filesDone: 4 }); // throttled: within 200 ms of the last update
    p.clear();
    await new Promise((r) => setImmediate(r));
    expect(text()).toBe("\r\x1b[Kfiles 3/10  events 12,345  25 MB/s\r\x1b[K");
  });

  it("never writes when disabled (stderr not a terminal, or --no-progress)", async () => {
    const { io, text } = fakeIo();
    const p = new Progress(io, false);
    vi.setSystemTime(T0 + 5000);
    p.update(state);
    p.clear();
    await new Promise((r) => setImmediate(r));
    expect(text()).toBe("");
  });
});
