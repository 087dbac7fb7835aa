// Gathers validation events into the one document `--output json` prints: each chain with its
// window, the files and findings in output order, and its summary, then the run's totals.
// Buffered by nature (one document); ndjson output streams the same events instead.
import type { ChainEvent, ChainInfo, ChainSummary } from "./events.js";
import type { RunSummary } from "./summary.js";

export type FileEvent = Exclude<ChainEvent, { type: "chain" } | { type: "chain-summary" }>;

export interface JsonChain {
  chain: ChainInfo;
  start: string;
  end: string;
  events: FileEvent[];
  summary: ChainSummary | null;
}

export interface JsonReport {
  type: "validate-logs";
  chains: JsonChain[];
  summary: RunSummary;
}

/** Collects events chain by chain. */
export class JsonReportBuilder {
  private readonly chains: JsonChain[] = [];

  /** Adds one event (events must come in the order validateTree yields them). */
  add(event: ChainEvent): void {
    if (event.type === "chain") {
      this.chains.push({ chain: event.chain, start: event.start, end: event.end, events: [], summary: null });
      return;
    }
    const current = this.chains[this.chains.length - 1];
    if (!current) throw new Error(`a ${event.type} event came before any chain`);
    if (event.type === "chain-summary") current.summary = event;
    else current.events.push(event);
  }

  /** The finished document. */
  finish(summary: RunSummary): JsonReport {
    return { type: "validate-logs", chains: this.chains, summary };
  }
}
