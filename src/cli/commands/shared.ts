import type { Command } from 'commander';
import { globalsOf } from '../globals.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';
import { openSession, type Session } from '../session.js';

/** What every command needs besides its own arguments. */
export interface CommandEnv {
  readonly io: CliIo;
  /** Set by a command that ends without throwing but with a non-zero code (e.g. interrupted). */
  exitCode: number;
}

/**
 * Opens a session for `command`, runs `work` in the root span `sora-rx <name>`, and always closes the session
 * (span tree, emulator) before returning.
 *
 * @example
 * ```ts
 * .action((id, _opts, cmd) => withSession(env, cmd, (s) => printStatus(s, id)))
 * ```
 */
export async function withSession(
  env: CommandEnv,
  command: Command,
  work: (session: Session) => Promise<number | void>,
): Promise<void> {
  const globals = globalsOf(command);
  const output = new Output(env.io, globals.json);
  const session = await openSession(globals, env.io, output);
  try {
    const code = await session.inSpan(`sora-rx ${command.name()}`, () => work(session));
    if (typeof code === 'number') env.exitCode = code;
  } finally {
    await session.close();
  }
}
