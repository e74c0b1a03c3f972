import { Card, CardBody } from 'design-react-kit';
import type { ReactNode } from 'react';

interface PanelProps {
  /** The panel's heading (an h2), which also names it as a region. */
  title?: string;
  titleId?: string;
  className?: string;
  children: ReactNode;
}

/** A Bootstrap Italia card holding one block of a page. */
export function Panel({ title, titleId, className = '', children }: PanelProps) {
  return (
    <Card tag={title ? 'section' : 'div'} shadow="sm" className={className} aria-labelledby={title ? titleId : undefined}>
      <CardBody className="it-card-body">
        {title && (
          <h2 id={titleId} className="h4 mb-3">
            {title}
          </h2>
        )}
        {children}
      </CardBody>
    </Card>
  );
}
