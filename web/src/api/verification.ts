/** Contact verification before confirming a booking (one-time code to the phone or e-mail). */
import { api, read, write } from './client';

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
  return (await read((init) => api.GET('/api/desks/{id}/contact-verification', { params: { path: { id: deskId } }, ...init }), signal)).channel;
}

export async function requestContactCode(
  hold: { id: string; token: string }, body: { phone?: string; email?: string; language: 'it' | 'en' },
): Promise<CodeSent> {
  return (await write((init) => api.POST('/api/holds/{id}/contact-code', { params: { path: { id: hold.id }, header: { 'x-hold-token': hold.token } }, body, ...init }))).data;
}

export async function checkContactCode(hold: { id: string; token: string }, body: { verificationId: string; code: string }): Promise<void> {
  await write((init) => api.POST('/api/holds/{id}/contact-code/check', { params: { path: { id: hold.id }, header: { 'x-hold-token': hold.token } }, body, ...init }));
}
