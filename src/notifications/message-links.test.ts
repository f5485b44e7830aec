import { describe, expect, it } from 'vitest';
import { sampleContext, variablesFor } from './message.js';

// A message's links open the citizen's pages in the booking's language: English ones live under /en.
describe('links in a message', () => {
  it('point to the Italian pages for an Italian booking and to /en for an English one', () => {
    const links = { waitlistToken: () => 'tok' };
    const it = variablesFor({ kind: 'waitlist_joined', data: {} }, { ...sampleContext('it'), waitlistEntryId: 'e1', waitlistCode: 'LA-ABCDEF' }, 'https://sportello.example/', links);
    const en = variablesFor({ kind: 'waitlist_joined', data: {} }, { ...sampleContext('en'), waitlistEntryId: 'e1', waitlistCode: 'LA-ABCDEF' }, 'https://sportello.example/', links);
    expect(it.waitlistLink).toBe('https://sportello.example/lista-attesa/e1#tok');
    expect(en.waitlistLink).toBe('https://sportello.example/en/lista-attesa/e1#tok');
    const booked = variablesFor({ kind: 'booking_confirmed', data: {} }, sampleContext('en'), 'https://sportello.example');
    expect(booked.link).toBe('https://sportello.example/en/prenotazione');
    expect(variablesFor({ kind: 'booking_confirmed', data: {} }, sampleContext('it'), 'https://sportello.example').link).toBe('https://sportello.example/prenotazione');
    // no public address configured: no link at all
    expect(variablesFor({ kind: 'booking_confirmed', data: {} }, sampleContext('en'), undefined).link).toBe('');
  });
});
