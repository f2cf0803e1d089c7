/** Commit message trailers Pulse reads. Pure. */

/** `Incident: inc-7` (or `Fixes-Incident: inc-7`) on a line of its own: the change fixes that incident. */
export function incidentTrailer(message: string): string | null {
  return /^(?:fixes-)?incident:\s*(\S+)\s*$/im.exec(message)?.[1] ?? null;
}
