import { Writable } from 'node:stream';
import { BachecaLogger, levelsFrom } from './bacheca-logger';
import { currentLogFields, noteLogTenant, runWithLogContext } from './log-context';
import { logLine, prettyFields } from './log-line';

const capture = () => {
  const lines: string[] = [];
  const sink = () =>
    new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
  return { lines, out: { stdout: sink(), stderr: sink() } };
};

describe('log lines', () => {
  const at = new Date('2026-03-01T10:00:00.000Z');

  it('carries time, level, msg, context and the ids of the context, leaving out what is unknown', () => {
    expect(logLine({ at, level: 'log', message: 'hello', context: 'http', fields: { requestId: 'r1', tenantId: 't1' }, pid: 7 })).toEqual({
      time: '2026-03-01T10:00:00.000Z',
      level: 'log',
      msg: 'hello',
      context: 'http',
      requestId: 'r1',
      tenantId: 't1',
      pid: 7,
    });
    expect(Object.keys(logLine({ at, level: 'warn', message: 'x', pid: 1 }))).toEqual(['time', 'level', 'msg', 'pid']);
  });

  it('turns objects and errors into text, and keeps a stack', () => {
    expect(logLine({ at, level: 'log', message: { a: 1 }, pid: 1 }).msg).toBe('{"a":1}');
    expect(logLine({ at, level: 'error', message: new Error('boom'), stack: 'Error: boom\n at x', pid: 1 })).toMatchObject({ msg: 'boom', stack: 'Error: boom\n at x' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(logLine({ at, level: 'log', message: cyclic, pid: 1 }).msg).toBe('[object Object]');
  });

  it('pretty lines show the ids in brackets, nothing when there are none', () => {
    expect(prettyFields({ requestId: 'r1', tenantId: 't1' })).toBe('[req r1 comune t1] ');
    expect(prettyFields({ jobId: 'delivery:5', tenantId: 't1' })).toBe('[job delivery:5 comune t1] ');
    expect(prettyFields({})).toBe('');
    expect(prettyFields(undefined)).toBe('');
  });

  it('a threshold prints itself and everything more severe', () => {
    expect(levelsFrom('error')).toEqual(['error']);
    expect(levelsFrom('log')).toEqual(['error', 'warn', 'log']);
    expect(levelsFrom('verbose')).toEqual(['error', 'warn', 'log', 'debug', 'verbose']);
  });
});

describe('log context', () => {
  it('is seen across awaits, and the comune learnt midway is on every later line', async () => {
    await runWithLogContext({ requestId: 'r1' }, async () => {
      expect(currentLogFields()).toEqual({ requestId: 'r1' });
      await new Promise((r) => setTimeout(r, 1));
      noteLogTenant('t1');
      noteLogTenant('t2'); // the first comune named stays
      await Promise.resolve();
      expect(currentLogFields()).toEqual({ requestId: 'r1', tenantId: 't1' });
    });
    expect(currentLogFields()).toBeUndefined();
    noteLogTenant('t3'); // outside any context: nothing to note, no error
  });

  it('keeps concurrent requests apart', async () => {
    const seen: string[] = [];
    const one = (id: string, wait: number) =>
      runWithLogContext({ requestId: id }, async () => {
        await new Promise((r) => setTimeout(r, wait));
        seen.push(`${id}:${currentLogFields()?.requestId}`);
      });
    await Promise.all([one('a', 5), one('b', 1)]);
    expect(seen.sort()).toEqual(['a:a', 'b:b']);
  });
});

describe('BachecaLogger', () => {
  it('json: one parseable object per line with the ids of the context', () => {
    const { lines, out } = capture();
    const logger = new BachecaLogger('json', 'log', out);
    runWithLogContext({ requestId: 'r1', tenantId: 't1' }, () => logger.log('sent 3', 'delivery'));
    logger.warn('careful', 'sweeper');
    logger.debug('not printed at log', 'x');
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.endsWith('\n') && l.indexOf('\n') === l.length - 1)).toBe(true);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'log', msg: 'sent 3', context: 'delivery', requestId: 'r1', tenantId: 't1' });
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'warn', msg: 'careful', context: 'sweeper' });
    expect(JSON.parse(lines[1]).requestId).toBeUndefined();
  });

  it("json: errors carry their stack; Nest's start-up chatter is left out below debug", () => {
    const { lines, out } = capture();
    const logger = new BachecaLogger('json', 'log', out);
    logger.error('failed', 'Error: failed\n    at here', 'jobs');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', msg: 'failed', context: 'jobs', stack: 'Error: failed\n    at here' });
  });
});
