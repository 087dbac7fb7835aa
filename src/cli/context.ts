// What every subcommand's action receives: the Io and a way to set the exit code. Commander's
// actions return nothing, so the code travels back to run() through this object.
import type { Io } from "../io.js";

export interface CommandContext {
  io: Io;
  setExitCode(code: number): void;
}
