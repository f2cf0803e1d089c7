/**
 * MIG profiles → the fraction of the GPU an instance represents. A GPU instance profile names its compute
 * slices (`3g.40gb`: 3 slices; `1c.3g.71gb` is a compute instance inside a 3g GPU instance; a `+me` suffix adds
 * media engines). A30 GPUs split into 4 slices, every other MIG-capable GPU (A100, H100, H200, B200) into 7.
 */

/** Compute slices of a GPU instance profile, or null when the text is not a MIG profile. */
export function migSlices(profile: string): number | null {
  const match = /^(?:\d+c\.)?(\d+)g\.\d+gb(?:\+[a-z0-9]+)*$/i.exec(profile.trim());
  return match ? Number(match[1]) : null;
}

export function migTotalSlices(model: string | null): number {
  return model !== null && /\bA30\b/.test(model) ? 4 : 7;
}

/** slices ÷ total slices; null when the profile cannot be read. */
export function migShare(profile: string, model: string | null): number | null {
  const slices = migSlices(profile);
  return slices === null ? null : Math.min(1, slices / migTotalSlices(model));
}
