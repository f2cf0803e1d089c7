import { formatProblem, type ConfigProblem } from '../collector/config/load.ts';

/** A dashboard or panel named by a request does not exist (HTTP 404). */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** A dashboard file does not validate: every problem with its file and line. */
export class DashboardError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'DashboardError';
  }
}
