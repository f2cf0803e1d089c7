import { describe, expect, it } from 'vitest';
import { estimatePages, pagesCost } from './pricing.ts';

describe('pagesCost', () => {
  it('prices pages at USD 0.01 each, as a decimal string', () => {
    expect(pagesCost(0)).toBe('0');
    expect(pagesCost(3)).toBe('0.03');
    expect(pagesCost(250)).toBe('2.5');
  });
});

describe('estimatePages', () => {
  it('scales the last sync to the new window, at least one page', () => {
    expect(estimatePages(44, { pages: 2, days: 33 })).toEqual({ pages: 3, basis: 'the last sync took 2 pages for 33 days' });
    expect(estimatePages(30, null).pages).toBe(1);
    expect(estimatePages(30, { pages: 0, days: 30 }).pages).toBe(1);
  });
});
