import { describe, expect, it } from 'vitest';
import { globToRegExp, matchesAny } from './glob.ts';

describe('globToRegExp', () => {
  it('lets ** span directories and * stay within one', () => {
    expect(globToRegExp('services/ranker/**').test('services/ranker/src/main.py')).toBe(true);
    expect(globToRegExp('services/ranker/**').test('services/rankers/x')).toBe(false);
    expect(globToRegExp('**/*.proto').test('api/v1/ranker.proto')).toBe(true);
    expect(globToRegExp('**/*.proto').test('ranker.proto')).toBe(true);
    expect(globToRegExp('libs/*.py').test('libs/a.py')).toBe(true);
    expect(globToRegExp('libs/*.py').test('libs/sub/a.py')).toBe(false);
    expect(globToRegExp('file?.txt').test('file1.txt')).toBe(true);
  });

  it('treats a plain path as the directory and everything under it, escaping regex characters', () => {
    expect(globToRegExp('services/ranker').test('services/ranker/app.ts')).toBe(true);
    expect(globToRegExp('services/ranker/').test('services/ranker')).toBe(true);
    expect(globToRegExp('services/ranker').test('services/ranker2/app.ts')).toBe(false);
    expect(globToRegExp('a+b (c)').test('a+b (c)/x')).toBe(true);
  });

  it('matchesAny checks every file against every glob', () => {
    expect(matchesAny(['svc/a/**', 'shared/**'], ['docs/readme.md', 'shared/util.ts'])).toBe(true);
    expect(matchesAny(['svc/a/**'], ['svc/b/x.ts'])).toBe(false);
    expect(matchesAny(['svc/a/**'], [])).toBe(false);
  });
});
