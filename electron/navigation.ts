/** What the window may open: nothing inside the app, and outside only plain http(s) links. Pure. */

/** An http(s) URL without credentials, which shell.openExternal may hand to the system browser. */
export function isVettedExternalUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}
