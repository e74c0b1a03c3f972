/**
 * The complete events at the start of an SSE buffer (each the joined `data:` lines of one block ended by
 * a blank line; comments and other fields ignored) and the incomplete rest, kept for the next chunk.
 */
export function splitEvents(buffer: string): { events: string[]; rest: string } {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  const events = blocks
    .map((block) =>
      block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n'),
    )
    .filter((data) => data !== '');
  return { events, rest };
}
