import type { ReactNode } from 'react';
import { usePageTitle } from '../../hooks/usePageTitle';

interface PageHeadingProps {
  title: string;
  /** Shown beside the title (a status badge, an action). */
  children?: ReactNode;
}

/**
 * The page's one h1, which also names the browser tab. It can take the focus (tabIndex -1): after
 * in-app navigation the shell moves the focus here, so screen readers read the new page.
 */
export function PageHeading({ title, children }: PageHeadingProps) {
  usePageTitle(title);
  return (
    <div className="d-flex flex-wrap align-items-center gap-3 mb-4">
      <h1 tabIndex={-1} className="page-title mb-0">
        {title}
      </h1>
      {children}
    </div>
  );
}
