/** The Cost Explorer `Expression` (GetCostAndUsage Filter) as a schema, for pulse.yaml `aws.filter`. */
import { z } from 'zod';
import type { Expression } from '@aws-sdk/client-cost-explorer';

const matchOptions = z.array(z.enum(['EQUALS', 'ABSENT', 'STARTS_WITH', 'ENDS_WITH', 'CONTAINS', 'CASE_SENSITIVE', 'CASE_INSENSITIVE', 'GREATER_THAN_OR_EQUAL'])).optional();

const dimensionValues = z.object({ Key: z.string().min(1), Values: z.array(z.string()).min(1), MatchOptions: matchOptions }).strict();
const keyValues = z.object({ Key: z.string().min(1), Values: z.array(z.string()).optional(), MatchOptions: matchOptions }).strict();

export const ceExpression: z.ZodType<Expression> = z.lazy(() =>
  z
    .object({
      And: z.array(ceExpression).min(2).optional(),
      Or: z.array(ceExpression).min(2).optional(),
      Not: ceExpression.optional(),
      Dimensions: dimensionValues.optional(),
      Tags: keyValues.optional(),
      CostCategories: keyValues.optional(),
    })
    .strict()
    .refine((e) => Object.keys(e).length === 1, { message: 'exactly one of And, Or, Not, Dimensions, Tags, CostCategories' }),
) as z.ZodType<Expression>;
