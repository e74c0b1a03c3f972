/** The ids and ARIA attributes that tie a control to its help text and its error message. */
export function describedBy(id: string, help?: string, error?: string) {
  const helpId = help ? `${id}-aiuto` : undefined;
  const errorId = error ? `${id}-errore` : undefined;
  const ids = [errorId, helpId].filter(Boolean).join(' ');
  return {
    helpId,
    errorId,
    aria: { 'aria-describedby': ids || undefined, 'aria-invalid': error ? (true as const) : undefined },
  };
}
