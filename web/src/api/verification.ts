/** Contact verification before confirming a booking (one-time code to the phone or e-mail). */
import { getJson, send } from './client';

const enc = encodeURIComponent;

export type VerificationChannel = 'sms' | 'email';

export interface CodeSent {
  verificationId: string;
  channel: VerificationChannel;
  /** Masked contact the code went to. */
  sentTo: string;
  expiresAt: string;
}

/** Where this desk sends a code before confirming; null when it asks for none. */
export async function getVerificationChannel(deskId: string, signal?: AbortSignal): Promise<VerificationChannel | null> {
  return (await getJson<{ channel: VerificationChannel | null }>(`/api/desks/${enc(deskId)}/contact-verification`, signal)).channel;
}

export async function requestContactCode(
  hold: { id: string; token: string }, body: { phone?: string; email?: string; language: 'it' | 'en' },
): Promise<CodeSent> {
  return (await send<CodeSent>('POST', `/api/holds/${enc(hold.id)}/contact-code`, { body, headers: { 'X-Hold-Token': hold.token } })).data;
}

export async function checkContactCode(hold: { id: string; token: string }, body: { verificationId: string; code: string }): Promise<void> {
  await send<unknown>('POST', `/api/holds/${enc(hold.id)}/contact-code/check`, { body, headers: { 'X-Hold-Token': hold.token } });
}
