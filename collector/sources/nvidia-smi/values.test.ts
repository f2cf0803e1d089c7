import { describe, expect, it } from 'vitest';
import {
  ValueFormatError,
  activeValue,
  integerValue,
  isUnavailable,
  migModeValue,
  quantityValue,
  ratioValue,
  textValue,
} from './values.ts';

describe('isUnavailable', () => {
  it.each(['N/A', '[N/A]', 'Not Supported', '[Not Supported]', '[Unknown Error]', '[GPU requires reset]', '', ' '])(
    'treats %j as no value',
    (raw) => expect(isUnavailable(raw)).toBe(true),
  );

  it('treats the deprecation notice of 580+ drivers as no value', () => {
    expect(isUnavailable('Requested functionality has been deprecated')).toBe(true);
    expect(isUnavailable('[Requested functionality has been deprecated]')).toBe(true);
  });

  it.each(['0', '0 %', 'None', 'Disabled', 'REDACTED'])('keeps %j', (raw) => expect(isUnavailable(raw)).toBe(false));
});

describe('quantityValue', () => {
  it('reads a number with or without its unit', () => {
    expect(quantityValue('67.03 W', 'W')).toBe(67.03);
    expect(quantityValue('81920 MiB', 'MiB')).toBe(81920);
    expect(quantityValue('1024', 'MiB')).toBe(1024);
  });

  it('gives null, never 0, for N/A', () => {
    expect(quantityValue('N/A', 'W')).toBeNull();
    expect(quantityValue('[Not Supported]', 'W')).toBeNull();
  });

  it('rejects another unit instead of rescaling silently', () => {
    expect(() => quantityValue('12 GiB', 'MiB')).toThrow(ValueFormatError);
    expect(() => quantityValue('67.03 kW', 'W')).toThrow('a number in W');
  });

  // Number() accepts all of these; nvidia-smi prints none of them.
  it.each(['0x1', '1e3', '1,5', '1_000', '+1', '.5', 'W', '1  W', 'NaN', 'Infinity'])('rejects %j', (raw) => {
    expect(() => quantityValue(raw, 'W')).toThrow(ValueFormatError);
  });
});

describe('ratioValue', () => {
  it('turns a percentage into 0..1', () => {
    expect(ratioValue('0 %')).toBe(0);
    expect(ratioValue('37 %')).toBe(0.37);
    expect(ratioValue('100')).toBe(1);
    expect(ratioValue('[N/A]')).toBeNull();
  });

  it('rejects percentages outside 0..100', () => {
    expect(() => ratioValue('101 %')).toThrow('between 0 and 100');
  });
});

describe('integerValue, activeValue, migModeValue, textValue', () => {
  it('reads integers strictly', () => {
    expect(integerValue('725')).toBe(725);
    expect(integerValue('N/A')).toBeNull();
    expect(() => integerValue('1.5')).toThrow('a non-negative integer');
  });

  it('reads clock event reasons', () => {
    expect(activeValue('Active')).toBe(true);
    expect(activeValue('Not Active')).toBe(false);
    expect(activeValue('[N/A]')).toBeNull();
    expect(() => activeValue('active')).toThrow('"Active" or "Not Active"');
  });

  it('reads MIG modes', () => {
    expect(migModeValue('Enabled')).toBe('enabled');
    expect(migModeValue('Disabled')).toBe('disabled');
    expect(migModeValue('[N/A]')).toBeNull();
    expect(() => migModeValue('Pending')).toThrow(ValueFormatError);
  });

  it('keeps text, trimmed, and maps N/A to null', () => {
    expect(textValue(' NVIDIA A10G ')).toBe('NVIDIA A10G');
    expect(textValue('N/A')).toBeNull();
  });
});
