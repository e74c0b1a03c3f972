import { Table } from 'design-react-kit';
import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways on a narrow screen instead of crushing its columns. The scrolling box
 * is a named region that takes the keyboard focus, so it can be scrolled without a mouse.
 */
export function ScrollTable({ caption, hover, children }: { caption: string; hover?: boolean; children: ReactNode }) {
  return (
    <div className="table-responsive mb-4" role="region" aria-label={caption} tabIndex={0}>
      <Table hover={hover} className="mb-0">
        <caption className="visually-hidden">{caption}</caption>
        {children}
      </Table>
    </div>
  );
}
