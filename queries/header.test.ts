import { describe, expect, it } from 'vitest';
import { parseQueryFile } from './header.ts';

const GOOD = `-- @query busy
-- @version 1
-- @description Busy minutes per node.
-- @param from timestamptz  Window start.
-- @param group_by varchar in(none,node)  Grouping.
-- @column node varchar  The node.
-- @column minutes bigint
SELECT node, count(*) AS minutes FROM gpu_minute WHERE minute >= $from AND $group_by <> '' GROUP BY node
`;

describe('query file header', () => {
  it('parses parameters, allowed values and columns', () => {
    const { spec, errors } = parseQueryFile('queries/busy.sql', GOOD);
    expect(errors).toEqual([]);
    expect(spec?.params).toEqual([
      { name: 'from', type: 'timestamptz', allowed: null, doc: 'Window start.' },
      { name: 'group_by', type: 'varchar', allowed: ['none', 'node'], doc: 'Grouping.' },
    ]);
    expect(spec?.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['node:varchar', 'minutes:bigint']);
    expect(spec?.sql.startsWith('SELECT')).toBe(true);
  });

  it('reports every problem with file and line', () => {
    const bad = GOOD.replace('@query busy', '@query idle').replace('timestamptz  Window', 'datetime  Window').replace('$group_by', '$groupby');
    const { spec, errors } = parseQueryFile('queries/busy.sql', bad);
    expect(spec).toBeNull();
    expect(errors.map((e) => e.message)).toEqual([
      'queries/busy.sql:1: @query is "idle", expected the file name "busy"',
      'queries/busy.sql:4: parameter from: type "datetime" is not one of timestamptz, varchar, double, integer, boolean',
      'queries/busy.sql:8: $from is used but not declared with @param',
      'queries/busy.sql:8: $groupby is used but not declared with @param',
      'queries/busy.sql:1: parameter group_by is declared but not used',
    ]);
  });
});
