import { splitEvents } from '../src/api/sse';

describe('admin SSE parsing', () => {
  it('returns complete events and keeps the incomplete rest for the next chunk', () => {
    const { events, rest } = splitEvents('event: progress\ndata: {"status":"sending"}\n\ndata: {"sta');
    expect(events).toEqual(['{"status":"sending"}']);
    expect(rest).toBe('data: {"sta');
    expect(splitEvents(`${rest}tus":"completed"}\n\n`)).toEqual({ events: ['{"status":"completed"}'], rest: '' });
  });

  it('joins multi-line data, accepts CRLF, ignores comments and blocks without data', () => {
    expect(splitEvents(': ping\n\ndata: a\r\ndata: b\r\n\r\nid: 3\n\n').events).toEqual(['a\nb']);
  });
});
