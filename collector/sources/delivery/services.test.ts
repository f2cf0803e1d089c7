import { describe, expect, it } from 'vitest';
import { commitService, commitTouches, deploymentService, needsFiles, type ServiceRule } from './services.ts';

const RULES: ServiceRule[] = [
  { name: 'ranker', repository: 'acme/search', paths: ['services/ranker/**'], team: 'search' },
  { name: 'embedder', repository: 'acme/search', paths: ['services/embedder/**', 'shared/**'], team: 'search' },
  { name: 'web', repository: 'acme/web', paths: [], team: 'frontend' },
];

describe('service rules', () => {
  it('takes the service a monorepo deployment names, and the only service of a plain repository', () => {
    expect(deploymentService(RULES, 'acme/search', 'embedder')).toBe('embedder');
    expect(deploymentService(RULES, 'ACME/Web', null)).toBe('web');
    expect(deploymentService(RULES, 'acme/web', 'other')).toBe('web');
  });

  it('falls back to the repository name when it cannot tell', () => {
    expect(deploymentService(RULES, 'acme/search', null)).toBe('acme/search');
    expect(deploymentService(RULES, 'acme/unknown', 'x')).toBe('acme/unknown');
  });

  it('filters monorepo commits by the files they touch', () => {
    expect(commitTouches(RULES, 'acme/search', 'ranker', ['services/ranker/model.py'])).toBe(true);
    expect(commitTouches(RULES, 'acme/search', 'ranker', ['services/embedder/x.py'])).toBe(false);
    expect(commitTouches(RULES, 'acme/search', 'embedder', ['shared/util.py'])).toBe(true);
    expect(commitTouches(RULES, 'acme/web', 'web', ['anything'])).toBe(true);
    expect(needsFiles(RULES, 'acme/search', 'ranker')).toBe(true);
    expect(needsFiles(RULES, 'acme/web', 'web')).toBe(false);
    expect(commitService(RULES, 'acme/search', ['services/embedder/a.py'])).toBe('embedder');
    expect(commitService(RULES, 'acme/web', null)).toBe('web');
  });
});
