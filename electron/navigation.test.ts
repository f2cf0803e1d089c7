import { describe, expect, it } from 'vitest';
import { isVettedExternalUrl } from './navigation.ts';

describe('isVettedExternalUrl', () => {
  it('lets plain http(s) links out', () => {
    expect(isVettedExternalUrl('https://docs.nvidia.com/datacenter/dcgm/latest/')).toBe(true);
    expect(isVettedExternalUrl('http://grafana.internal:3000/d/abc?from=now-7d')).toBe(true);
  });

  it('keeps everything else in', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.com/', 'data:text/html,hi', 'not a url', '']) {
      expect(isVettedExternalUrl(url)).toBe(false);
    }
  });
});
