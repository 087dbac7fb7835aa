// Tests for the output sink: batching, waiting for 'drain' when the reader is slow, a closed pipe
// turning into BrokenPipeError, and other write failures surfacing instead of being lost.
import { describe, expect, it, vi } from "vitest";
import { BrokenPipeError, CtError } from "../../../src/errors.js";
import { Sink } from "../../../src/output/sink.js";
import { FakeStream } from "./fake-stream.js";

/** Whether the promise has settled after the current turn of the event loop. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setImmediate(r));
  return done;
}

describe("Sink", () => {
  it("batches small writes until flushed", async () => {
    const s = new FakeStream();
    const sink = new Sink(s);
    await sink.write("a");
    await sink.write("b\n");
    expect(s.chunks).toEqual([]);
    await sink.flush();
    expect(s.chunks).toEqual(["ab\n"]);
    await sink.flush();
    expect(s.chunks).toEqual(["ab\n"]);
  });

  it("writes by itself once 64 KiB are buffered", async () => {
    const s = new FakeStream();
    const sink = new Sink(s);
    const line = `${"x".repeat(1023)}\n`;
    for (let i = 0; i < 63; i++) await sink.write(line);
    expect(s.chunks).toEqual([]);
    await sink.write(line);
    expect(s.chunks).toHaveLength(1);
    expect(s.text()).toBe(line.repeat(64));
  });

  it("waits for 'drain' when the stream is full", async () => {
    const s = new FakeStream();
    s.accepting = false;
    const sink = new Sink(s);
    await sink.write("first\n");
    const flushing = sink.flush();
    expect(await settled(flushing)).toBe(false);
    expect(s.text()).toBe("first\n");
    s.accepting = true;
    s.emit("drain");
    await flushing;
    await sink.write("second\n");
    await sink.flush();
    expect(s.text()).toBe("first\nsecond\n");
    expect(s.listenerCount("drain")).toBe(0);
  });

  it("stops waiting when the stream closes", async () => {
    const s = new FakeStream();
    s.accepting = false;
    const sink = new Sink(s);
    await sink.write("x");
    const flushing = sink.flush();
    s.emit("close");
    await expect(flushing).resolves.toBeUndefined();
  });

  it("turns EPIPE while waiting into BrokenPipeError", async () => {
    const s = new FakeStream();
    s.accepting = false;
    const sink = new Sink(s);
    await sink.write("x");
    const flushing = sink.flush();
    s.fail("EPIPE");
    await expect(flushing).rejects.toBeInstanceOf(BrokenPipeError);
  });

  it("turns an EPIPE reported between writes into BrokenPipeError on the next write or flush", async () => {
    const s = new FakeStream();
    const sink = new Sink(s);
    await sink.write("x");
    await sink.flush();
    s.fail("EPIPE");
    await expect(sink.write("y")).rejects.toBeInstanceOf(BrokenPipeError);
    await expect(sink.flush()).rejects.toBeInstanceOf(BrokenPipeError);
    expect(s.text()).toBe("x");
  });

  it("treats a destroyed stream as a closed pipe", async () => {
    const s = new FakeStream();
    const sink = new Sink(s);
    s.fail("ERR_STREAM_DESTROYED");
    await expect(sink.write("y")).rejects.toBeInstanceOf(BrokenPipeError);
    await expect(sink.flush()).rejects.toBeInstanceOf(BrokenPipeError);
  });

  it("soon() writes the first output at once, then what is buffered once within 50 ms, however often it is called", async () => {
    vi.useFakeTimers();
    try {
      const s = new FakeStream();
      const sink = new Sink(s);
      sink.soon();
      await vi.advanceTimersByTimeAsync(100);
      expect(s.chunks).toEqual([]); // nothing was buffered
      await sink.write("first\n");
      sink.soon();
      expect(s.chunks).toEqual(["first\n"]);
      await sink.write("a\n");
      sink.soon();
      await sink.write("b\n");
      sink.soon();
      await vi.advanceTimersByTimeAsync(49);
      expect(s.chunks).toEqual(["first\n"]);
      await vi.advanceTimersByTimeAsync(1);
      expect(s.chunks).toEqual(["first\n", "a\nb\n"]);
      await sink.write("c\n");
      sink.soon();
      await sink.flush(); // a flush before the timer writes at once, and only once
      await vi.advanceTimersByTimeAsync(100);
      expect(s.chunks).toEqual(["first\n", "a\nb\n", "c\n"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("soon() throws a closed pipe met by its own write, so a streaming command stops at once", async () => {
    vi.useFakeTimers();
    try {
      const s = new FakeStream();
      const sink = new Sink(s);
      await sink.write("first\n");
      sink.soon();
      await sink.write("a\n");
      sink.soon();
      s.fail("EPIPE");
      await vi.advanceTimersByTimeAsync(50);
      expect(() => sink.soon()).toThrow(BrokenPipeError);
    } finally {
      vi.useRealTimers();
    }
  });

  it("survives a stream that reports several errors", async () => {
    const s = new FakeStream();
    const sink = new Sink(s);
    s.fail("EPIPE");
    expect(() => s.fail("EPIPE")).not.toThrow();
    await expect(sink.write("y")).rejects.toBeInstanceOf(BrokenPipeError);
    await expect(sink.flush()).rejects.toBeInstanceOf(BrokenPipeError);
  });

  it("reports other write errors instead of dropping the output silently", async () => {
    const s = new FakeStream();
    const sink = new Sink(s);
    s.fail("ENOSPC");
    await expect(sink.write("y")).rejects.toThrow("cannot write the output: write ENOSPC");
    const err = await sink.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CtError);
    expect(err).not.toBeInstanceOf(BrokenPipeError);
    expect((err as CtError).code).toBe("E_OUTPUT");
    expect((err as CtError).message).toBe("cannot write the output: write ENOSPC");
  });

  it("maps errors that write() throws synchronously the same way", async () => {
    const s = new FakeStream();
    const sink = new Sink(s);
    s.throwOnWrite = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
    await sink.write("x");
    await expect(sink.flush()).rejects.toBeInstanceOf(BrokenPipeError);
    const s2 = new FakeStream();
    const sink2 = new Sink(s2);
    s2.throwOnWrite = Object.assign(new Error("write EIO"), { code: "EIO" });
    await sink2.write("x");
    await expect(sink2.flush()).rejects.toThrow("cannot write the output: write EIO");
  });
});
