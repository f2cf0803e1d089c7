/** Schema pieces shared by the Sloth and OpenSLO readers. Pure. */
import { z } from 'zod';

/** Label values as strings (Sloth examples carry numbers and booleans: `tier: 2`, `generated: true`). */
export const labelMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

export const nonEmpty = z.string().min(1);

/** OpenSLO names: RFC 1123 labels. */
export const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'an RFC 1123 label: lower case letters, digits and "-", starting and ending with a letter or digit');
