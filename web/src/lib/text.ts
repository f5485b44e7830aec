/** Lower case without accents, for forgiving search ("Cantu" finds "Cantù"). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** "direzione provinciale" → "direzione-provinciale", the key of its translation. */
export function slug(text: string): string {
  return fold(text).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
