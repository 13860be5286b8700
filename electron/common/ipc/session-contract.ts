// The sessions part of the IPC contract (spread into contract.ts): listing the machine's trace
// sessions, starting a live or replay session, stopping, attaching, and the per-second figures.
// Session control is checked per call by the session service, not by `requires`: live sessions need
// the sessionControl capability, replays do not (they play a file and touch nothing on the machine),
// and stopping another tool's session also needs `force`.
import { z } from 'zod';
import { channel, event } from './contract-kit';
import type {
  ParsedSessionProfiles,
  SessionFiguresEvent,
  SessionListing,
  StartedSession,
} from './session-messages';

const guid = z
  .string()
  .regex(/^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/, {
    message: 'expected a GUID like 22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716',
  });
/** A 64-bit keyword mask as text: hex ("0x10") or decimal; at most 64 bits. */
const keywordMask = z
  .string()
  .regex(/^(0[xX][0-9a-fA-F]{1,16}|[0-9]{1,20})$/, { message: 'expected a 64-bit mask like 0x10' })
  .refine((s) => BigInt(s) < 2n ** 64n, { message: 'a keyword mask has 64 bits' });
const sessionName = z.string().min(1).max(1024);

export const providerRequest = z.strictObject({
  guid,
  name: z.string().max(512).optional(),
  level: z.int().min(0).max(255).optional(),
  anyKeyword: keywordMask.optional(),
  allKeyword: keywordMask.optional(),
  properties: z
    .strictObject({
      stackTrace: z.boolean().optional(),
      sid: z.boolean().optional(),
      tsId: z.boolean().optional(),
      processStartKey: z.boolean().optional(),
    })
    .optional(),
  // Kernel-side filters: sizes are bounded here only against abuse; ETW's own limits (64 IDs, 8 PIDs,
  // 1024 bytes of names) are checked by the session manager, which reports what it cannot push down.
  filters: z
    .strictObject({
      eventIds: z.array(z.int().min(0).max(0xffff)).max(4096).optional(),
      excludeEventIds: z.boolean().optional(),
      pids: z.array(z.int().min(0).max(0xffffffff)).max(4096).optional(),
      exeNames: z.array(z.string().min(1).max(260)).max(512).optional(),
      tlEventNames: z.array(z.string().min(1).max(256)).max(4096).optional(),
    })
    .optional(),
  traceLogging: z.boolean().optional(),
});

export const sessionChannels = {
  /** Every trace session on the machine (Windows) and every replay session, with counters. */
  'sessions.list': channel<SessionListing>()(z.strictObject({}).optional()),
  /**
   * Starts a live session (providers and/or kernel flags; needs sessionControl) or a replay of a
   * capture as a session (`replay`; without providers it enables everything in the capture). The
   * answer names the capture that shows its events.
   */
  'sessions.start': channel<StartedSession>()(
    z
      .strictObject({
        label: z.string().max(128).optional(),
        providers: z.array(providerRequest).max(256).optional(),
        kernel: z.strictObject({ flags: z.int().min(1).max(0xffffffff) }).optional(),
        filter: z.string().max(4096).optional(),
        replay: z
          .strictObject({
            path: z.string().min(1).max(4096),
            speed: z.union([z.number().positive().max(1e6), z.literal('max')]),
          })
          .optional(),
      })
      .refine((a) => a.replay || (a.providers?.length ?? 0) > 0 || a.kernel, {
        message: 'name providers, kernel flags or a capture to replay',
      }),
  ),
  /** Stops a session of ours (or a replay); another tool's session only with `force` (and sessionControl). */
  'sessions.stop': channel<{ stopped: true }>()(
    z.strictObject({ name: sessionName, force: z.boolean().optional() }),
  ),
  /** Reads another real-time session without controlling it; its events go to a new capture. */
  'sessions.attach': channel<StartedSession>()(
    z.strictObject({ name: sessionName, filter: z.string().max(4096).optional() }),
  ),
  /**
   * Reads a Windows Performance Recorder profile (.wprp text) into one session start request per
   * <Profile>, with warnings for what cannot be carried over. Starts nothing.
   */
  'sessions.parseProfile': channel<ParsedSessionProfiles>()(
    z.strictObject({
      text: z.string().max(4 * 1024 * 1024),
      fileName: z.string().max(1024).optional(),
    }),
  ),
};

export const sessionEvents = {
  /** Every second while sessions of this app run: their figures. */
  'sessions.figures': event<SessionFiguresEvent>(),
};
