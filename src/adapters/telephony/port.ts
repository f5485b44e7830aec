/**
 * The telephony port. The console asks an adapter to `originate` a call from the operator's
 * extension to the citizen's number; the adapter reports what happens as `CallUpdate`s
 * (ringing, answered, ended, failed with a cause) through the sink it was given. Vendor
 * names and shapes stay inside each adapter file; this file is vendor-neutral.
 */
export const ADAPTER_KINDS = ['wildix', 'asterisk', 'manual', 'simulated'] as const;
export type AdapterKind = (typeof ADAPTER_KINDS)[number];

export const CALL_STATES = ['requested', 'ringing', 'answered', 'ended', 'failed'] as const;
export type CallState = (typeof CALL_STATES)[number];

/** Order of progress: an update never takes a call back to an earlier state (out-of-order events). */
export const STATE_RANK: Record<CallState, number> = { requested: 0, ringing: 1, answered: 2, ended: 3, failed: 3 };

export interface OriginateRequest {
  /** Our call id: adapters that can carry it (ARI appArgs, simulated) give it back in updates. */
  callId: string;
  /** The operator's own extension (or phone), rung first. */
  extension: string;
  /** The citizen's number, E.164. */
  destination: string;
}

export interface OriginateResult {
  /** The vendor's id of the call, when the vendor answers with one. */
  externalId?: string | undefined;
}

/** What an adapter learnt about a call. Missing fields are unknown, not "none". */
export interface CallUpdate {
  adapter: AdapterKind;
  /** Our id, when the adapter knows it … */
  callId?: string | undefined;
  /** … or the vendor's id … */
  externalId?: string | undefined;
  /** … or, for a first event of a vendor that does not echo our id: who called whom. */
  match?: { extension?: string | undefined; destination?: string | undefined } | undefined;
  /** A repeated delivery of the same event has the same key and is applied once. */
  dedupKey: string;
  /** Vendor event type, for the log. */
  kind: string;
  state?: CallState | undefined;
  /** Why a call failed or ended, in words, and the Q.850 cause code when known. */
  cause?: string | undefined;
  causeCode?: number | undefined;
  startedAt?: Date | undefined;
  ringingAt?: Date | undefined;
  answeredAt?: Date | undefined;
  endedAt?: Date | undefined;
  durationSeconds?: number | undefined;
  talkSeconds?: number | undefined;
  /** 'history' when it comes from a call-history import. */
  source?: 'telephony' | 'history';
  /** The raw event (stored for audit, never shown to operators). */
  payload?: unknown;
}

/**
 * An incoming call at one of the office's reception extensions, as the PBX reports it. The
 * vendor's id names the call; states only move forward (ringing → answered → ended).
 */
export interface InboundUpdate {
  inbound: true;
  adapter: AdapterKind;
  /** The office whose PBX reported it (set by the registry or the webhook receiver). */
  officeId?: string | undefined;
  externalId: string;
  dedupKey: string;
  kind: string;
  /** The extension that was called (the reception agent's). */
  extension?: string | undefined;
  /** The caller's number as the PBX gives it. */
  caller?: string | undefined;
  state?: 'ringing' | 'answered' | 'ended' | undefined;
  startedAt?: Date | undefined;
  answeredAt?: Date | undefined;
  endedAt?: Date | undefined;
  durationSeconds?: number | undefined;
  talkSeconds?: number | undefined;
  payload?: unknown;
}

export const isInbound = (u: CallUpdate | InboundUpdate): u is InboundUpdate => (u as InboundUpdate).inbound === true;

export type CallSink = (update: CallUpdate | InboundUpdate) => Promise<void>;

/** What "test the connection" found, in words an office admin reads. */
export type ProbeResult =
  | { status: 'ok'; version?: string | undefined; users?: number | undefined }
  | { status: 'unreachable' | 'refused' | 'not_configured' | 'unexpected'; detail: string };

/** Whether the PBX knows an operator's extension: 'unchecked' when its API offers no user list (or did not answer). */
export type ExtensionCheck = { status: 'known' } | { status: 'unknown' } | { status: 'unchecked'; detail: string };

export interface TelephonyAdapter {
  readonly kind: AdapterKind;
  originate(req: OriginateRequest): Promise<OriginateResult>;
  hangup(call: { callId: string; externalId: string | null }): Promise<void>;
  /** Reaches the PBX with the configured credentials (adapters with a PBX only). */
  probe?(): Promise<ProbeResult>;
  /** Looks the extension up in the PBX's user list, where its API offers one. */
  checkExtension?(extension: string): Promise<ExtensionCheck>;
  /** Stops background work (WebSocket, timers). */
  close(): Promise<void>;
}

/** The adapter could not place the call (down, refused, misconfigured): the console offers manual dialling. */
export class TelephonyUnavailable extends Error {
  constructor(
    readonly adapter: AdapterKind,
    readonly reason: string,
    readonly httpStatus?: number,
    /** The PBX refused the operator's extension (unknown user or endpoint). */
    readonly extensionRefused = false,
  ) {
    super(`${adapter}: ${reason}`);
    this.name = 'TelephonyUnavailable';
  }
}

/** Q.850 cause codes that come up at a callback desk. */
export const Q850: Record<number, string> = {
  1: 'unallocated_number',
  16: 'normal_clearing',
  17: 'user_busy',
  18: 'no_user_responding',
  19: 'no_answer',
  21: 'call_rejected',
  27: 'destination_out_of_order',
  28: 'invalid_number_format',
  34: 'congestion',
  38: 'network_out_of_order',
  41: 'temporary_failure',
  127: 'interworking',
};

export function causeName(code: number | undefined): string | undefined {
  return code === undefined ? undefined : (Q850[code] ?? `cause_${code}`);
}

/** fetch with a timeout; network errors and timeouts become TelephonyUnavailable. */
export async function fetchWithTimeout(adapter: AdapterKind, url: string, init: RequestInit, timeoutMs = 5000): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new TelephonyUnavailable(adapter, `no answer from ${new URL(url).host}: ${(err as Error).message}`);
  }
}
